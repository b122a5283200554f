package io.fleetflow.gateway.api;

import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatus;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fleetflow.gateway.auth.AuthFilter;
import io.fleetflow.gateway.auth.Principal;
import io.fleetflow.gateway.auth.RequestAuthorizer;
import io.fleetflow.model.authz.Access;
import io.fleetflow.model.authz.RbacPolicy;
import io.fleetflow.model.meta.ApiGroups;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code authorization.k8s.io/v1} access reviews, which {@code kubectl auth can-i} sends: a
 * SelfSubjectAccessReview asks whether the caller may make one request (answered by the same RBAC
 * policy that authorizes every request), a SelfSubjectRulesReview lists what the caller may do in a
 * namespace ({@code kubectl auth can-i --list}). Every authenticated caller may ask about itself
 * (ClusterRole {@code system:basic-user}); nothing is stored.
 */
@RestController
public class AccessReviewController {
  private static final String BASE = "/apis/" + ApiGroups.AUTHORIZATION + "/v1/";

  private final RequestAuthorizer authorizer;
  private final ObjectReader reader;

  public AccessReviewController(RequestAuthorizer authorizer, ObjectReader reader) {
    this.authorizer = authorizer;
    this.reader = reader;
  }

  /** The discovery document of the group version. */
  static Map<String, Object> discovery() {
    return Map.of(
        "kind",
        "APIResourceList",
        "apiVersion",
        "v1",
        "groupVersion",
        ApiGroups.AUTHORIZATION + "/v1",
        "resources",
        List.of(
            resource("selfsubjectaccessreviews", "SelfSubjectAccessReview"),
            resource("selfsubjectrulesreviews", "SelfSubjectRulesReview")));
  }

  @PostMapping(BASE + "selfsubjectaccessreviews")
  public ResponseEntity<SelfSubjectAccessReview> accessReview(
      Change change, HttpServletRequest request) {
    Principal caller = caller(request, "selfsubjectaccessreviews");
    SelfSubjectAccessReview review =
        reader.value(
            change.requireBody(),
            SelfSubjectAccessReview.class,
            "the body must be a SelfSubjectAccessReview");
    Access access = accessOf(review);
    RbacPolicy.Decision decision =
        authorizer.policy().decide(caller.user(), caller.groups(), access);
    SubjectAccessReviewStatus status = new SubjectAccessReviewStatus();
    status.setAllowed(decision.allowed());
    status.setReason(
        decision.allowed()
            ? decision.reason()
            : "no RBAC rule allows user \"" + caller.user() + "\" to " + access.describe());
    review.setStatus(status);
    return ResponseEntity.status(HttpStatus.CREATED).body(review);
  }

  @PostMapping(BASE + "selfsubjectrulesreviews")
  public ResponseEntity<SelfSubjectRulesReview> rulesReview(
      Change change, HttpServletRequest request) {
    Principal caller = caller(request, "selfsubjectrulesreviews");
    SelfSubjectRulesReview review =
        reader.value(
            change.requireBody(),
            SelfSubjectRulesReview.class,
            "the body must be a SelfSubjectRulesReview");
    String namespace = review.getSpec() == null ? null : review.getSpec().getNamespace();
    if (namespace == null || namespace.isEmpty()) {
      throw ApiException.badRequest(
          "spec.namespace: Required value: name the namespace to list the rules of");
    }
    List<ResourceRule> resources = new ArrayList<>();
    List<NonResourceRule> paths = new ArrayList<>();
    for (PolicyRule rule :
        authorizer.policy().rulesFor(caller.user(), caller.groups(), namespace)) {
      if (rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
        paths.add(new NonResourceRule(rule.getNonResourceURLs(), rule.getVerbs()));
      } else {
        resources.add(
            new ResourceRule(
                rule.getApiGroups(),
                rule.getResourceNames(),
                rule.getResources(),
                rule.getVerbs()));
      }
    }
    review.setStatus(new SubjectRulesReviewStatus(null, false, paths, resources));
    return ResponseEntity.status(HttpStatus.CREATED).body(review);
  }

  private Principal caller(HttpServletRequest request, String resource) {
    Principal caller = (Principal) request.getAttribute(AuthFilter.PRINCIPAL);
    authorizer.require(
        caller.user(),
        caller.groups(),
        Access.resource("create", ApiGroups.AUTHORIZATION, resource, "", "", ""));
    return caller;
  }

  private static Access accessOf(SelfSubjectAccessReview review) {
    if (review.getSpec() == null) {
      throw ApiException.badRequest("spec: Required value: say what the review is about");
    }
    ResourceAttributes resource = review.getSpec().getResourceAttributes();
    NonResourceAttributes path = review.getSpec().getNonResourceAttributes();
    if ((resource == null) == (path == null)) {
      throw ApiException.badRequest(
          "spec: Invalid value: exactly one of resourceAttributes and nonResourceAttributes must"
              + " be given");
    }
    if (path != null) {
      return Access.path(orEmpty(path.getVerb()), orEmpty(path.getPath()));
    }
    return Access.resource(
        orEmpty(resource.getVerb()),
        orEmpty(resource.getGroup()),
        orEmpty(resource.getResource()),
        resource.getSubresource(),
        resource.getNamespace(),
        resource.getName());
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static Map<String, Object> resource(String plural, String kind) {
    return Map.of(
        "name",
        plural,
        "singularName",
        "",
        "namespaced",
        false,
        "kind",
        kind,
        "verbs",
        List.of("create"));
  }
}
