package io.fleetflow.model.clusterset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec.ClusterSelector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A set holds clusters by OCM's two selector types. */
class ClusterSetMembershipTest {
  private static final Map<String, Map<String, String>> FLEET = new LinkedHashMap<>();

  static {
    FLEET.put("c2", Map.of(ManagedClusterSet.SET_LABEL, "default"));
    FLEET.put("c1", Map.of(ManagedClusterSet.SET_LABEL, "prod", "region", "eu"));
    FLEET.put("c3", null);
  }

  @Test
  void anExclusiveSetHoldsTheClustersLabelledIntoIt() {
    ManagedClusterSet prod = set("prod", new ClusterSelector(ManagedClusterSet.EXCLUSIVE, null));

    assertThat(ClusterSetMembership.members(prod, FLEET)).containsExactly("c1");
  }

  @Test
  void aLabelSelectorSetHoldsWhatItsSelectorMatchesAndAnEmptyOneHoldsAllSorted() {
    ManagedClusterSet eu =
        set(
            "eu",
            new ClusterSelector(
                ManagedClusterSet.LABEL_SELECTOR,
                new LabelSelectorBuilder().addToMatchLabels("region", "eu").build()));
    ManagedClusterSet global =
        set(
            "global",
            new ClusterSelector(
                ManagedClusterSet.LABEL_SELECTOR, new LabelSelectorBuilder().build()));

    assertThat(ClusterSetMembership.members(eu, FLEET)).containsExactly("c1");
    assertThat(ClusterSetMembership.members(global, FLEET)).containsExactly("c1", "c2", "c3");
  }

  private static ManagedClusterSet set(String name, ClusterSelector selector) {
    ManagedClusterSet set = new ManagedClusterSet();
    set.setMetadata(new ObjectMeta());
    set.getMetadata().setName(name);
    ManagedClusterSetSpec spec = new ManagedClusterSetSpec();
    spec.setClusterSelector(selector);
    set.setSpec(spec);
    return set;
  }
}
