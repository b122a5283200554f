package io.fleetflow.hub;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.client.EntityClient;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec.ClusterSelector;
import io.fleetflow.model.meta.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Makes sure OCM's two built-in sets exist when the hub starts: {@code default} (clusters that name
 * no set are labelled into it) and {@code global} (an empty selector, every cluster).
 */
@Component
public class DefaultClusterSets implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DefaultClusterSets.class);
  private final EntityClient entities;

  public DefaultClusterSets(EntityClient entities) {
    this.entities = entities;
  }

  /**
   * Ensures the sets in the background: an update needs a running worker, and the hub's workers
   * start only after every runner has returned.
   */
  @Override
  public void run(ApplicationArguments args) {
    Thread.ofVirtual()
        .name("default-cluster-sets")
        .start(
            () -> {
              ensure(
                  ManagedClusterSet.DEFAULT,
                  new ClusterSelector(ManagedClusterSet.EXCLUSIVE, null));
              ensure(
                  ManagedClusterSet.GLOBAL,
                  new ClusterSelector(ManagedClusterSet.LABEL_SELECTOR, new LabelSelector()));
            });
  }

  private void ensure(String name, ClusterSelector selector) {
    ManagedClusterSet set = new ManagedClusterSet();
    set.setMetadata(new ObjectMeta());
    set.getMetadata().setName(name);
    ManagedClusterSetSpec spec = new ManagedClusterSetSpec();
    spec.setClusterSelector(selector);
    set.setSpec(spec);
    if (BuiltInObjects.ensure(
        entities,
        ClusterSetKinds.MANAGED_CLUSTER_SET,
        set,
        Actor.system("hub", "OCM's built-in cluster set"))) {
      log.info("created the built-in ManagedClusterSet {}", name);
    }
  }
}
