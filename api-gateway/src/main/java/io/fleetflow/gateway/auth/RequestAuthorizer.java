package io.fleetflow.gateway.auth;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.client.Vouching;
import io.fleetflow.gateway.api.ApiException;
import io.fleetflow.model.authz.Access;
import io.fleetflow.model.authz.AuthorizationPolicy;
import io.fleetflow.model.authz.RbacPolicy;
import io.fleetflow.model.authz.Requirement;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.ResourceKind;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Authorizes every request by the hub's RBAC objects, as a Kubernetes API server's RBAC authorizer
 * does, and vouches for the caller of a write with exactly what RBAC allowed it, so that the
 * object's workflow judges the change again by the same answer ({@link
 * io.fleetflow.workflows.entity.EntityAuthority}). A refusal is a 403 in Kubernetes' words that
 * names the missing permission and the default role that grants it.
 */
public final class RequestAuthorizer {
  private final Supplier<RbacPolicy> policy;
  private final Optional<Vouching> vouching;

  /**
   * An authorizer by this policy.
   *
   * @param vouching how the gateway vouches for callers, or empty when no actor key is set
   */
  public RequestAuthorizer(Supplier<RbacPolicy> policy, Optional<Vouching> vouching) {
    this.policy = policy;
    this.vouching = vouching;
  }

  /** The policy of this moment. */
  public RbacPolicy policy() {
    return policy.get();
  }

  /** Returns true when the caller may do the access. */
  public boolean allows(String user, List<String> groups, Access access) {
    return policy.get().allows(user, groups, access);
  }

  /**
   * Refuses a read or any other single access the caller may not make.
   *
   * @throws ApiException 403
   */
  public void require(String user, List<String> groups, Access access) {
    if (!allows(user, groups, access)) {
      throw forbidden(access, "User \"" + user + "\" cannot " + access.describe());
    }
  }

  /**
   * Refuses a request the caller may not make in any of these ways, naming the first: as a
   * Kubernetes API server authorizes a request by its verb and object before it reads the body, so
   * that the body of a caller who may not write at all is never judged.
   *
   * @throws ApiException 403
   */
  public void requireAny(String user, List<String> groups, List<Access> anyOf) {
    RbacPolicy now = policy.get();
    if (anyOf.stream().noneMatch(access -> now.allows(user, groups, access))) {
      String granting = io.fleetflow.model.authz.DefaultPolicy.roleGranting(anyOf.get(0));
      throw forbidden(
          anyOf.get(0),
          "User \""
              + user
              + "\" cannot "
              + anyOf.get(0).describe()
              + (granting == null ? "" : " (ClusterRole " + granting + " grants it)"));
    }
  }

  /**
   * Refuses a write unless the caller may meet every requirement; returns the actor vouched for the
   * object's workflow with the accesses RBAC allowed it there.
   *
   * @param verb the request's own verb: {@code patch} judges a plain change by {@code patch}
   * @throws ApiException 403 naming the first requirement the caller does not meet
   */
  public Actor authorize(
      Actor actor,
      ResourceKind<? extends HasMetadata> kind,
      String namespace,
      String name,
      List<Requirement> needed,
      String verb) {
    RbacPolicy now = policy.get();
    Set<String> granted = new HashSet<>();
    for (Requirement requirement : needed) {
      boolean met = false;
      for (Access access : requirement.anyOf()) {
        if (now.allows(actor.user(), actor.groups(), AuthorizationPolicy.asSent(access, verb))) {
          granted.add(access.key());
          met = true;
        }
      }
      if (!met) {
        throw forbidden(
            requirement.access(), AuthorizationPolicy.refusal(actor.user(), requirement, verb));
      }
    }
    String target = kind.workflowId(namespace, name);
    for (Access access : AuthorizationPolicy.everyAccessOn(target)) {
      if (now.allows(actor.user(), actor.groups(), AuthorizationPolicy.asSent(access, verb))) {
        granted.add(access.key());
      }
    }
    return vouching.map(v -> v.forRequest(actor, target, granted)).orElse(actor);
  }

  /**
   * A 403 about one access, in Kubernetes' words: {@code <resource>.<group> "<name>" is forbidden:
   * <why>}.
   */
  public static ApiException forbidden(Access access, String why) {
    if (!access.isResource()) {
      return new ApiException(403, "Forbidden", "forbidden: " + why, null, null);
    }
    String resource = access.resource() + (access.group().isEmpty() ? "" : "." + access.group());
    return new ApiException(
        403,
        "Forbidden",
        resource
            + (access.name().isEmpty() ? "" : " \"" + access.name() + "\"")
            + " is forbidden: "
            + why,
        new ApiException.StatusDetails(access.name(), access.group(), access.resource()),
        null);
  }
}
