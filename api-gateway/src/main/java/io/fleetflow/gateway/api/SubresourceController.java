package io.fleetflow.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.gateway.auth.AuthFilter;
import io.fleetflow.gateway.auth.Principal;
import io.fleetflow.gateway.auth.RequestAuthorizer;
import io.fleetflow.gateway.entity.EntityService;
import io.fleetflow.model.authz.AuthorizationPolicy;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.CommentedBody;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.meta.Subresource;
import io.fleetflow.model.validation.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every kind's declared subresources ({@link ResourceKind#subresources()}), at {@code <object
 * path>/<subresource>} as a Kubernetes API server serves them: a POST sends the object's Update
 * with the body read as the declared type and the caller as the actor (for example a
 * ManifestWorkReplicaSet's {@code approve}, {@code pause}, {@code resume}, {@code abort} and {@code
 * undo}, each with an optional {@code {"comment": ..., "rollback": true, "toRevision": N}}); a GET
 * answers the object's Query (its {@code history}). Who may call each is what RBAC allows on {@code
 * <resource>/<subresource>} with the request's verb (create for a POST, update for a PUT, get for a
 * GET); the workflow's own validators refuse calls that do not fit the object's state (approving
 * when no gate waits is a 409).
 */
@RestController
public class SubresourceController {
  private static final String CLUSTER_SCOPED = "/apis/{group}/{version}/{plural}/{name}/{sub}";
  private static final String NAMESPACED =
      "/apis/{group}/{version}/namespaces/{namespace}/{plural}/{name}/{sub}";

  private final EntityService entities;
  private final ObjectReader reader;
  private final RequestAuthorizer authorizer;
  private final ObjectMapper json;

  public SubresourceController(
      EntityService entities,
      ObjectReader reader,
      RequestAuthorizer authorizer,
      ObjectMapper json) {
    this.json = json;
    this.entities = entities;
    this.reader = reader;
    this.authorizer = authorizer;
  }

  @PostMapping({CLUSTER_SCOPED, NAMESPACED})
  public ResponseEntity<Object> post(ResourcePath path, @PathVariable String sub, Change change) {
    return send(path, declared(path.kind(), sub, Subresource.Verb.POST), change);
  }

  /**
   * A PUT of the whole object to a subresource, as {@code kubectl certificate approve} sends a
   * CertificateSigningRequest with its new condition to {@code /approval}.
   */
  @PutMapping({CLUSTER_SCOPED, NAMESPACED})
  public ResponseEntity<Object> put(ResourcePath path, @PathVariable String sub, Change change) {
    return send(path, declared(path.kind(), sub, Subresource.Verb.PUT), change);
  }

  private ResponseEntity<Object> send(ResourcePath path, Subresource update, Change change) {
    ResourceKind<HasMetadata> kind = path.kind();
    Actor actor =
        authorizer.authorize(
            change.actor(),
            kind,
            path.namespace(),
            path.name(),
            AuthorizationPolicy.toCall(kind, update, path.namespace(), path.name()),
            update.rbacVerb());
    Object body = body(kind, update, change);
    return ResponseEntity.ok(
        path.served(entities.post(kind, path.namespace(), path.name(), update, body, actor), json));
  }

  @GetMapping({CLUSTER_SCOPED, NAMESPACED})
  public JsonNode get(ResourcePath path, @PathVariable String sub, HttpServletRequest request) {
    ResourceKind<HasMetadata> kind = path.kind();
    Subresource query = declared(kind, sub, Subresource.Verb.GET);
    Principal caller = (Principal) request.getAttribute(AuthFilter.PRINCIPAL);
    authorizer.require(
        caller.user(),
        caller.groups(),
        AuthorizationPolicy.toCall(kind, query, path.namespace(), path.name()).get(0).access());
    entities.get(kind, path.namespace(), path.name());
    return entities.read(kind, path.namespace(), path.name(), query.operation(), JsonNode.class);
  }

  private static Subresource declared(ResourceKind<?> kind, String name, Subresource.Verb verb) {
    return kind.subresource(name, verb)
        .orElseThrow(
            () ->
                new ApiException(
                    404,
                    "NotFound",
                    "the server could not find the requested resource: "
                        + kind.plural()
                        + " have no subresource "
                        + name
                        + " for "
                        + verb
                        + (kind.subresources().isEmpty()
                            ? ""
                            : " (they have: "
                                + String.join(
                                    ", ",
                                    kind.subresources().stream()
                                        .map(s -> s.verb() + " " + s.name())
                                        .toList())
                                + ")"),
                    null,
                    null));
  }

  /**
   * Reads the body as the declared type, strictly (an empty body is an empty object); a comment is
   * at most {@value CommentedBody#MAX_COMMENT_LENGTH} characters and defaults to the reason.
   */
  private Object body(ResourceKind<?> kind, Subresource update, Change change) {
    Object body =
        reader.value(
            change.body() == null ? JsonNodeFactory.instance.objectNode() : change.body(),
            update.body(),
            "the body of " + update.name() + " must be a " + update.body().getSimpleName());
    if (!(body instanceof CommentedBody<?> commented)) {
      return body;
    }
    if (commented.comment() != null
        && commented.comment().length() > CommentedBody.MAX_COMMENT_LENGTH) {
      // The comment is recorded in the object's status and history with every call.
      FieldError error =
          FieldError.tooLong(
              "comment",
              "a comment may have at most "
                  + CommentedBody.MAX_COMMENT_LENGTH
                  + " characters, got "
                  + commented.comment().length());
      throw ApiException.invalid(update.body().getSimpleName(), kind.group(), "", List.of(error));
    }
    // The reason header, which every change may carry, is the comment when none is given.
    return commented.orComment(change.actor().reason());
  }
}
