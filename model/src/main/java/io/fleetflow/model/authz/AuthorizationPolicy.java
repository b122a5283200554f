package io.fleetflow.model.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.DecisiveField;
import io.fleetflow.model.meta.ReferenceGuard;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.meta.Subresource;
import io.fleetflow.model.registry.Kinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Fleetflow's one authorization policy: which RBAC accesses ({@link Access}) a request needs,
 * judged on what it actually changes against the object as it is. The gateway asks it before
 * sending a request and judges the accesses by the hub's RBAC objects ({@link RbacPolicy}); the
 * workflows ask it again against the state they change and judge the accesses by the gateway's
 * voucher, so both judge alike. Pure: no clock, no I/O.
 *
 * <ul>
 *   <li>Creating or deleting an object needs {@code create} or {@code delete} on its resource.
 *   <li>Changing a kind's {@link DecisiveField decisive field} (while it is decisive) needs the
 *       field's own permission instead of {@code update}: {@code update} on {@code
 *       managedclusters/accept} (group {@code register.open-cluster-management.io}) to accept a
 *       cluster, as OCM asks; {@code create} on {@code manifestworkreplicasets/approve} to remove a
 *       rollout's gates while one waits. Creating an object whose decisive field is not its initial
 *       value needs it too.
 *   <li>Setting or changing a {@link ReferenceGuard guarded reference} needs the guard's permission
 *       on the object it names, before and after: {@code create} on {@code managedclustersets/join}
 *       of both sets to move a cluster, {@code create} on {@code managedclustersets/bind} to bind a
 *       set into a namespace.
 *   <li>Changing anything else a client may change (labels, annotations, the rest of the spec)
 *       needs {@code update} (the gateway judges a PATCH by {@code patch}).
 *   <li>A request that changes nothing needs {@code update} or one of the kind's decisions.
 *   <li>A subresource needs its verb on {@code <resource>/<subresource>}.
 * </ul>
 *
 * A request is allowed only when the caller may do every requirement, so a decision cannot carry
 * other changes that its sender may not make alone.
 */
public final class AuthorizationPolicy {
  /** The verb of a replacement; the gateway judges a PATCH's by {@code patch} instead. */
  public static final String UPDATE = "update";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The top-level fields that are not an object's content. */
  private static final Set<String> CONTENTLESS = Set.of("apiVersion", "kind", "metadata", "status");

  private AuthorizationPolicy() {}

  /** What creating {@code proposed} needs. */
  public static <T extends HasMetadata> List<Requirement> toCreate(
      ResourceKind<T> kind, T proposed) {
    List<Requirement> needed = new ArrayList<>();
    // As on a Kubernetes API server, a create names no object: resourceNames cannot limit it.
    needed.add(
        Requirement.of(
            Access.resource(
                "create",
                kind.group(),
                kind.plural(),
                "",
                proposed.getMetadata().getNamespace(),
                ""),
            "create " + kind.plural()));
    JsonNode after = JSON.valueToTree(proposed);
    for (DecisiveField<T> field : kind.decisiveFields()) {
      if (field.appliesTo(null) && !same(initial(field), at(after, field))) {
        needed.add(decision(kind, field, proposed));
      }
    }
    for (ReferenceGuard<T> guard : kind.guards()) {
      String named = guard.targetOf(proposed);
      if (named != null) {
        needed.add(guarded(guard, named));
      }
    }
    return needed;
  }

  /**
   * What replacing {@code current} by {@code proposed} needs: a requirement for each decisive field
   * and guarded reference that changes, and {@code update} when anything else a client may change
   * does.
   */
  public static <T extends HasMetadata> List<Requirement> toReplace(
      ResourceKind<T> kind, T current, T proposed) {
    List<Requirement> needed = new ArrayList<>();
    ObjectNode before = changeable(current);
    ObjectNode after = changeable(proposed);
    List<Access> decisions = new ArrayList<>();
    for (DecisiveField<T> field : kind.decisiveFields()) {
      if (!field.appliesTo(current)) {
        continue;
      }
      Requirement decision = decision(kind, field, current);
      decisions.add(decision.access());
      if (!same(at(before, field), at(after, field))) {
        needed.add(decision);
      }
      remove(before, field);
      remove(after, field);
    }
    for (ReferenceGuard<T> guard : kind.guards()) {
      String was = guard.targetOf(current);
      String is = guard.targetOf(proposed);
      if (!Objects.equals(was, is)) {
        if (was != null) {
          needed.add(guarded(guard, was));
        }
        if (is != null) {
          needed.add(guarded(guard, is));
        }
      }
    }
    if (!before.equals(after)) {
      needed.add(Requirement.of(plain(kind, UPDATE, current), "change " + kind.plural()));
    } else if (needed.isEmpty()) {
      List<Access> any = new ArrayList<>();
      any.add(plain(kind, UPDATE, current));
      any.addAll(decisions);
      needed.add(new Requirement(any, "write " + kind.plural()));
    }
    return needed;
  }

  /**
   * What deciding on {@code current} by an Update of its own (a cluster's {@code denyJoin}) needs:
   * the permission of each of the kind's decisive fields that applies to it.
   */
  public static <T extends HasMetadata> List<Requirement> toDecide(
      ResourceKind<T> kind, T current) {
    List<Requirement> needed = new ArrayList<>();
    for (DecisiveField<T> field : kind.decisiveFields()) {
      if (field.appliesTo(current)) {
        needed.add(decision(kind, field, current));
      }
    }
    return needed;
  }

  /**
   * Every access a request to one object's workflow may need, other than on the objects its fields
   * name: its plain verbs, its subresources and its decisions. The hub vouches for a user's change
   * that it carries on with those of them RBAC allows the user. Empty for an ID of no known kind.
   *
   * @param workflowId {@code Kind/name} or {@code Kind/namespace/name}
   */
  public static List<Access> everyAccessOn(String workflowId) {
    int slash = workflowId.indexOf('/');
    if (slash < 0) {
      return List.of();
    }
    String kindName = workflowId.substring(0, slash);
    String rest = workflowId.substring(slash + 1);
    return Kinds.ALL.stream()
        .filter(k -> k.kind().equals(kindName))
        .findFirst()
        .map(
            kind -> {
              int inner = rest.indexOf('/');
              String namespace = kind.namespaced() && inner > 0 ? rest.substring(0, inner) : "";
              String name = kind.namespaced() && inner > 0 ? rest.substring(inner + 1) : rest;
              List<Access> all = new ArrayList<>();
              // A create names no object (see toCreate).
              all.add(Access.resource("create", kind.group(), kind.plural(), "", namespace, ""));
              for (String verb : List.of(UPDATE, "patch", "delete")) {
                all.add(Access.resource(verb, kind.group(), kind.plural(), "", namespace, name));
              }
              for (Subresource sub : kind.subresources()) {
                all.add(
                    Access.resource(
                        sub.rbacVerb(), kind.group(), kind.plural(), sub.name(), namespace, name));
              }
              for (DecisiveField<?> field : kind.decisiveFields()) {
                all.add(decisionAccess(kind, field, namespace, name));
              }
              return all;
            })
        .orElse(List.of());
  }

  /**
   * The keys of the accesses on one object's workflow ({@link #everyAccessOn}) that the policy
   * allows a caller: what a voucher for that workflow grants a user whose change is carried on.
   */
  public static Set<String> grantsOn(
      String workflowId, String user, List<String> groups, RbacPolicy policy) {
    Set<String> grants = new TreeSet<>();
    for (Access access : everyAccessOn(workflowId)) {
      if (policy.allows(user, groups, access)) {
        grants.add(access.key());
      }
    }
    return grants;
  }

  /**
   * The accesses of which a write with this verb needs at least one, judged before its body is
   * read: the verb on the object (a create names none), or, for an update or a patch, one of the
   * kind's decisions (an approver may accept a cluster without {@code update} on it).
   */
  public static List<Access> waysToWrite(
      ResourceKind<?> kind, String verb, String namespace, String name) {
    boolean create = verb.equals("create");
    List<Access> ways = new ArrayList<>();
    ways.add(Access.resource(verb, kind.group(), kind.plural(), "", namespace, create ? "" : name));
    if (verb.equals(UPDATE) || verb.equals("patch")) {
      for (DecisiveField<?> field : kind.decisiveFields()) {
        ways.add(decisionAccess(kind, field, namespace, name));
      }
    }
    return ways;
  }

  /** What deleting the named object needs. */
  public static List<Requirement> toDelete(ResourceKind<?> kind, String namespace, String name) {
    return List.of(
        Requirement.of(
            Access.resource("delete", kind.group(), kind.plural(), "", namespace, name),
            "delete " + kind.plural()));
  }

  /** What calling one of a kind's subresources of the named object needs. */
  public static List<Requirement> toCall(
      ResourceKind<?> kind, Subresource subresource, String namespace, String name) {
    return List.of(
        Requirement.of(
            Access.resource(
                subresource.rbacVerb(),
                kind.group(),
                kind.plural(),
                subresource.name(),
                namespace,
                name),
            subresource.name() + " " + kind.plural()));
  }

  /**
   * Judges a request: empty when {@code allowed} allows every requirement, else the first it does
   * not.
   */
  public static Optional<Requirement> missing(Predicate<Access> allowed, List<Requirement> needed) {
    for (Requirement requirement : needed) {
      if (requirement.anyOf().stream().noneMatch(allowed)) {
        return Optional.of(requirement);
      }
    }
    return Optional.empty();
  }

  /**
   * A refusal in Kubernetes' words, with what the request does and where to get the permission:
   * {@code User "olga" cannot update resource "managedclusters/accept" in API group
   * "register.open-cluster-management.io" at the cluster scope (to accept or deny managedclusters;
   * ClusterRole fleetflow:approver grants it)}.
   */
  public static String refusal(String user, Requirement requirement) {
    return refusal(user, requirement, null);
  }

  /**
   * The refusal of a request sent with {@code verb}: a PATCH names {@code patch} where the policy
   * speaks of a plain {@code update}.
   */
  public static String refusal(String user, Requirement requirement, String verb) {
    Access access = asSent(requirement.access(), verb);
    String granting = DefaultPolicy.roleGranting(access);
    return "User \""
        + user
        + "\" cannot "
        + access.describe()
        + " (needed to "
        + requirement.what()
        + (granting == null ? "" : "; ClusterRole " + granting + " grants it")
        + ")";
  }

  /**
   * An access as a request sent with {@code verb} asks for it: a PATCH is judged by {@code patch}
   * where the policy speaks of a plain {@code update}; anything else as it is.
   */
  public static Access asSent(Access access, String verb) {
    return "patch".equals(verb) && UPDATE.equals(access.verb()) && access.subresource().isEmpty()
        ? access.withVerb("patch")
        : access;
  }

  private static Access plain(ResourceKind<?> kind, String verb, HasMetadata object) {
    return Access.resource(
        verb,
        kind.group(),
        kind.plural(),
        "",
        object == null ? "" : object.getMetadata().getNamespace(),
        object == null ? "" : object.getMetadata().getName());
  }

  private static <T extends HasMetadata> Requirement decision(
      ResourceKind<T> kind, DecisiveField<T> field, T object) {
    return Requirement.of(
        decisionAccess(
            kind, field, object.getMetadata().getNamespace(), object.getMetadata().getName()),
        field.what() + " " + kind.plural());
  }

  /** The access a decisive field's change needs: its verb on its (virtual) subresource. */
  private static Access decisionAccess(
      ResourceKind<?> kind, DecisiveField<?> field, String namespace, String name) {
    return Access.resource(
        field.verb(),
        field.group() == null ? kind.group() : field.group(),
        kind.plural(),
        field.subresource(),
        namespace,
        name);
  }

  private static Requirement guarded(ReferenceGuard<?> guard, String named) {
    return Requirement.of(
        Access.resource(
            guard.verb(), guard.group(), guard.resource(), guard.subresource(), "", named),
        guard.what() + " \"" + named + "\"");
  }

  /**
   * The parts of an object a client may change: labels, annotations, and its content (the spec of a
   * custom resource; the rules, subjects and roleRef of an RBAC object).
   */
  private static ObjectNode changeable(HasMetadata object) {
    JsonNode tree = JSON.valueToTree(object);
    ObjectNode parts = JsonNodeFactory.instance.objectNode();
    ObjectNode metadata = parts.putObject("metadata");
    metadata.set("labels", orEmpty(tree.path("metadata").path("labels")));
    metadata.set("annotations", orEmpty(tree.path("metadata").path("annotations")));
    tree.properties()
        .forEach(
            field -> {
              if (!CONTENTLESS.contains(field.getKey()) && !field.getValue().isNull()) {
                parts.set(field.getKey(), field.getValue());
              }
            });
    return parts;
  }

  private static JsonNode orEmpty(JsonNode map) {
    return map.isObject() ? map : JsonNodeFactory.instance.objectNode();
  }

  private static JsonNode at(JsonNode tree, DecisiveField<?> field) {
    JsonNode value = tree.at(field.pointer());
    return value.isMissingNode() || value.isNull() ? initial(field) : value;
  }

  private static JsonNode initial(DecisiveField<?> field) {
    try {
      return JSON.readTree(field.initial());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the initial value of " + field.pointer() + " is not JSON: " + field.initial(), e);
    }
  }

  private static boolean same(JsonNode a, JsonNode b) {
    return a.equals(b);
  }

  private static void remove(ObjectNode tree, DecisiveField<?> field) {
    String pointer = field.pointer();
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = tree.at(pointer.substring(0, slash));
    if (parent instanceof ObjectNode object) {
      object.remove(pointer.substring(slash + 1));
    }
  }
}
