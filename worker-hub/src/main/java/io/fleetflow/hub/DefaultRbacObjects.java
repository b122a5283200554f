package io.fleetflow.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fleetflow.client.EntityClient;
import io.fleetflow.model.authz.DefaultPolicy;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.rbac.RbacKinds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Makes sure the default ClusterRoles and ClusterRoleBindings ({@link DefaultPolicy}) exist when
 * the hub starts, as a Kubernetes API server bootstraps its own: a missing one is created, one an
 * operator changed is left as it is.
 */
@Component
public class DefaultRbacObjects implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DefaultRbacObjects.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EntityClient entities;

  public DefaultRbacObjects(EntityClient entities) {
    this.entities = entities;
  }

  /** Ensures the objects in the background, once the hub's workers run (as the default sets). */
  @Override
  public void run(ApplicationArguments args) {
    Thread.ofVirtual()
        .name("default-rbac-objects")
        .start(
            () -> {
              for (ClusterRole role : DefaultPolicy.clusterRoles()) {
                ensure(RbacKinds.CLUSTER_ROLE, role);
              }
              for (ClusterRoleBinding binding : DefaultPolicy.clusterRoleBindings()) {
                ensure(RbacKinds.CLUSTER_ROLE_BINDING, binding);
              }
            });
  }

  private <T extends HasMetadata> void ensure(ResourceKind<T> kind, T object) {
    // The defaults are shared; the entity stamps what it stores, so it gets a copy.
    T copy = JSON.convertValue(object, kind.type());
    if (BuiltInObjects.ensure(
        entities, kind, copy, Actor.system("hub", "Fleetflow's default RBAC policy"))) {
      log.info("created the default {} {}", kind.kind(), object.getMetadata().getName());
    }
  }
}
