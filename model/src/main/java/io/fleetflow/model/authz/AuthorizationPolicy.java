package io.fleetflow.model.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.DecisiveField;
import io.fleetflow.model.meta.Permission;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.model.meta.Subresource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Fleetflow's one authorization policy: which permissions a request needs, judged on what it
 * actually changes against the object as it is, and whether a caller's permissions cover all of
 * them. The gateway asks it before sending a request, and the workflows ask it again against the
 * state they change, so both judge alike. Pure: no clock, no I/O.
 *
 * <ul>
 *   <li>Creating or deleting an object needs {@link Permission#CHANGE}.
 *   <li>Changing a kind's {@link DecisiveField decisive field} (while it is decisive) needs {@link
 *       Permission#DECIDE}: accepting a cluster, or removing a rollout's approval gates while a
 *       gate waits; creating an object whose decisive field is not its initial value needs it too.
 *   <li>Changing anything else a client may change (labels, annotations, the rest of the spec)
 *       needs {@link Permission#CHANGE}.
 *   <li>A request that changes nothing still needs a permission to write: CHANGE or DECIDE.
 *   <li>A subresource needs the permission it declares.
 * </ul>
 *
 * A request is allowed only when the caller holds the permission of every change in it, so a
 * decision cannot carry other changes that its sender may not make alone.
 */
public final class AuthorizationPolicy {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuthorizationPolicy() {}

  /** What creating {@code proposed} needs. */
  public static <T extends HasMetadata> List<Requirement> toCreate(
      ResourceKind<T> kind, T proposed) {
    List<Requirement> needed = new ArrayList<>();
    needed.add(new Requirement(Permission.CHANGE, "create " + kind.plural()));
    JsonNode after = JSON.valueToTree(proposed);
    for (DecisiveField<T> field : kind.decisiveFields()) {
      if (field.appliesTo(null) && !same(initial(field), at(after, field))) {
        needed.add(decision(kind, field));
      }
    }
    return needed;
  }

  /**
   * What replacing {@code current} by {@code proposed} needs: a requirement for each decisive field
   * that changes, and CHANGE when anything else a client may change does.
   */
  public static <T extends HasMetadata> List<Requirement> toReplace(
      ResourceKind<T> kind, T current, T proposed) {
    List<Requirement> needed = new ArrayList<>();
    ObjectNode before = changeable(current);
    ObjectNode after = changeable(proposed);
    for (DecisiveField<T> field : kind.decisiveFields()) {
      if (!field.appliesTo(current)) {
        continue;
      }
      if (!same(at(before, field), at(after, field))) {
        needed.add(decision(kind, field));
      }
      remove(before, field);
      remove(after, field);
    }
    if (!before.equals(after)) {
      needed.add(new Requirement(Permission.CHANGE, "change " + kind.plural()));
    }
    return needed;
  }

  /** What deleting an object of the kind needs. */
  public static List<Requirement> toDelete(ResourceKind<?> kind) {
    return List.of(new Requirement(Permission.CHANGE, "delete " + kind.plural()));
  }

  /** What calling one of a kind's subresources needs. */
  public static List<Requirement> toCall(ResourceKind<?> kind, Subresource subresource) {
    return List.of(
        new Requirement(subresource.permission(), subresource.name() + " " + kind.plural()));
  }

  /**
   * Judges a request: empty when {@code granted} covers every requirement, else the first one it
   * does not. A request that needs nothing (it changes nothing) still needs a permission to write.
   */
  public static Optional<Requirement> missing(
      Collection<Permission> granted, List<Requirement> needed) {
    if (needed.isEmpty()) {
      return granted.contains(Permission.CHANGE) || granted.contains(Permission.DECIDE)
          ? Optional.empty()
          : Optional.of(new Requirement(Permission.CHANGE, "write"));
    }
    return needed.stream().filter(r -> !granted.contains(r.permission())).findFirst();
  }

  /**
   * A refusal for a person: who may not do what, and which groups may. For example {@code user
   * "olga" may not accept or deny managedclusters (groups fleetflow:approvers or
   * fleetflow:admins)}.
   */
  public static String refusal(String user, Requirement requirement) {
    return "user \""
        + user
        + "\" may not "
        + requirement.what()
        + " (groups "
        + Roles.groupsWith(requirement.permission())
        + ")";
  }

  private static <T extends HasMetadata> Requirement decision(
      ResourceKind<T> kind, DecisiveField<T> field) {
    return new Requirement(Permission.DECIDE, field.what() + " " + kind.plural());
  }

  /** The parts of an object a client may change: labels, annotations and spec. */
  private static ObjectNode changeable(HasMetadata object) {
    JsonNode tree = JSON.valueToTree(object);
    ObjectNode parts = JsonNodeFactory.instance.objectNode();
    ObjectNode metadata = parts.putObject("metadata");
    metadata.set("labels", orEmpty(tree.path("metadata").path("labels")));
    metadata.set("annotations", orEmpty(tree.path("metadata").path("annotations")));
    parts.set("spec", tree.path("spec").isMissingNode() ? null : tree.get("spec"));
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
