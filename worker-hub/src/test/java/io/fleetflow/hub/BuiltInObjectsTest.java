package io.fleetflow.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec.ClusterSelector;
import io.fleetflow.model.meta.Actor;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hub's own objects are created once; an existing one, edited or not, is left alone. */
class BuiltInObjectsTest {
  private static final Actor HUB = Actor.system("hub", "OCM's built-in cluster set");

  private HubActivitiesEnvironment hub;

  @BeforeEach
  void startHub() {
    hub = new HubActivitiesEnvironment();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void anObjectIsCreatedOnceAndAnEditedOneIsKept() {
    assertThat(
            BuiltInObjects.ensure(
                hub.entities(), ClusterSetKinds.MANAGED_CLUSTER_SET, global(), HUB))
        .isTrue();
    var stored = hub.entities().entity(ClusterSetKinds.MANAGED_CLUSTER_SET, null, "global");
    ManagedClusterSet edited = stored.get();
    edited.getMetadata().setLabels(Map.of("edited", "by-an-operator"));
    edited.getMetadata().setResourceVersion(null);
    stored.apply(edited, HUB);

    assertThat(
            BuiltInObjects.ensure(
                hub.entities(), ClusterSetKinds.MANAGED_CLUSTER_SET, global(), HUB))
        .isFalse();
    assertThat(stored.get().getMetadata().getLabels()).containsEntry("edited", "by-an-operator");
  }

  private static ManagedClusterSet global() {
    ManagedClusterSet set = new ManagedClusterSet();
    set.setMetadata(new ObjectMeta());
    set.getMetadata().setName("global");
    ManagedClusterSetSpec spec = new ManagedClusterSetSpec();
    spec.setClusterSelector(
        new ClusterSelector(ManagedClusterSet.LABEL_SELECTOR, new LabelSelector()));
    set.setSpec(spec);
    return set;
  }
}
