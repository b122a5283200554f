package io.fleetflow.client.rbac;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.ObjectVersions;
import io.fleetflow.model.authz.DefaultPolicy;
import io.fleetflow.model.authz.RbacPolicy;
import io.fleetflow.model.feed.EntityChange;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.rbac.RbacKinds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's copy of the hub's RBAC objects and the {@link RbacPolicy} made from them, kept
 * current the way an informer keeps a cache: one list of the four kinds, then every change from the
 * change feed ({@link FeedFollower}), and at once the changes this process writes itself ({@link
 * #written}), so that a Role created through a gateway counts for the next request to it.
 *
 * <p>Each change is applied only when it is newer than the object held (the feed delivers at least
 * once). The default ClusterRoles and bindings ({@link DefaultPolicy}) count under their names
 * until objects of those names are stored, so a new hub authorizes its four groups from its first
 * request, and a deleted default comes back when the hub starts again.
 */
public final class RbacStore implements Supplier<RbacPolicy> {
  private static final Logger log = LoggerFactory.getLogger(RbacStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<ResourceKind<? extends HasMetadata>> KINDS =
      List.of(
          RbacKinds.CLUSTER_ROLE,
          RbacKinds.ROLE,
          RbacKinds.CLUSTER_ROLE_BINDING,
          RbacKinds.ROLE_BINDING);

  private final EntityClient entities;
  private final Map<String, Map<String, HasMetadata>> objects = new HashMap<>();
  private volatile RbacPolicy policy = DefaultPolicy.policy();

  /** A store that reads the hub's objects through {@code entities}; call {@link #load} next. */
  public RbacStore(EntityClient entities) {
    this.entities = entities;
    KINDS.forEach(k -> objects.put(k.kind(), new HashMap<>()));
  }

  /** The policy as of the latest change seen. */
  @Override
  public RbacPolicy get() {
    return policy;
  }

  /** Lists every RBAC object and replaces what the store held. */
  public void load() {
    Map<String, Map<String, HasMetadata>> listed = new HashMap<>();
    for (ResourceKind<? extends HasMetadata> kind : KINDS) {
      Map<String, HasMetadata> byKey = new HashMap<>();
      for (HasMetadata object : entities.list(kind, null)) {
        byKey.put(key(object), object);
      }
      listed.put(kind.kind(), byKey);
    }
    synchronized (objects) {
      objects.clear();
      objects.putAll(listed);
      rebuild();
    }
  }

  /** Takes in an object this process has just written (or deleted, {@code deleted} true). */
  public void written(HasMetadata object, boolean deleted) {
    if (!objects.containsKey(object.getKind())) {
      return;
    }
    synchronized (objects) {
      Map<String, HasMetadata> byKey = objects.get(object.getKind());
      String key = key(object);
      if (ObjectVersions.newer(object, byKey.get(key))) {
        if (deleted) {
          byKey.remove(key);
        } else {
          byKey.put(key, object);
        }
        rebuild();
      }
    }
  }

  /** Takes in one change from the feed; changes of other kinds are ignored. */
  public void changed(EntityChange change) {
    ResourceKind<? extends HasMetadata> kind =
        KINDS.stream().filter(k -> k.kind().equals(change.kind())).findFirst().orElse(null);
    if (kind == null) {
      return;
    }
    HasMetadata object =
        change.object() != null
            ? JSON.convertValue(change.object(), kind.type())
            : entities.entity(kind, change.namespace(), change.name()).find().orElse(null);
    if (object == null) {
      return;
    }
    written(object, change.type() == EntityChange.Type.DELETED);
  }

  /** Returns true when the kinds this store follows include {@code kind}. */
  public static boolean follows(String kind) {
    return KINDS.stream().anyMatch(k -> k.kind().equals(kind));
  }

  private static String key(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return (namespace == null ? "" : namespace) + "/" + object.getMetadata().getName();
  }

  private void rebuild() {
    List<ClusterRole> clusterRoles = new ArrayList<>();
    List<ClusterRoleBinding> clusterBindings = new ArrayList<>();
    Map<String, HasMetadata> storedRoles = objects.get(RbacKinds.CLUSTER_ROLE.kind());
    Map<String, HasMetadata> storedBindings = objects.get(RbacKinds.CLUSTER_ROLE_BINDING.kind());
    DefaultPolicy.clusterRoles().stream()
        .filter(r -> !storedRoles.containsKey(key(r)))
        .forEach(clusterRoles::add);
    DefaultPolicy.clusterRoleBindings().stream()
        .filter(b -> !storedBindings.containsKey(key(b)))
        .forEach(clusterBindings::add);
    storedRoles.values().forEach(r -> clusterRoles.add((ClusterRole) r));
    storedBindings.values().forEach(b -> clusterBindings.add((ClusterRoleBinding) b));
    List<Role> roles =
        objects.get(RbacKinds.ROLE.kind()).values().stream().map(r -> (Role) r).toList();
    List<RoleBinding> roleBindings =
        objects.get(RbacKinds.ROLE_BINDING.kind()).values().stream()
            .map(b -> (RoleBinding) b)
            .toList();
    policy = RbacPolicy.of(clusterRoles, roles, clusterBindings, roleBindings);
    log.debug("RBAC policy now holds {} objects", policy.size());
  }
}
