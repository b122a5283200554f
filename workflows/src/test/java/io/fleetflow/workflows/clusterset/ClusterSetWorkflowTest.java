package io.fleetflow.workflows.clusterset;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.hub.InventoryActivities.ClusterLabels;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetBinding;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec.ClusterSelector;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** Sets report whether they select any cluster; bindings whether their set exists. */
class ClusterSetWorkflowTest {
  private HubTestEnvironment hub;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    when(hub.inventory().clusters())
        .thenReturn(
            List.of(
                new ClusterLabels(
                    "c1", Map.of(ManagedClusterSet.SET_LABEL, "prod", "region", "eu")),
                new ClusterLabels("c2", Map.of(ManagedClusterSet.SET_LABEL, "default"))));
    when(hub.inventory().exists(eq("ManagedClusterSet"), any(), eq("prod"))).thenReturn(true);
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void anExclusiveSetSelectsTheClustersLabelledIntoIt() {
    ManagedClusterSetWorkflow prod =
        createSet("prod", new ClusterSelector(ManagedClusterSet.EXCLUSIVE, null));
    ManagedClusterSetWorkflow empty =
        createSet("staging", new ClusterSelector(ManagedClusterSet.EXCLUSIVE, null));
    hub.env().sleep(Duration.ofSeconds(1));

    var prodEmpty =
        Conditions.find(prod.get().getStatus().getConditions(), ManagedClusterSet.CONDITION_EMPTY)
            .orElseThrow();
    assertThat(prodEmpty.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(prodEmpty.getMessage()).isEqualTo("1 ManagedClusters selected: c1");
    assertThat(
            Conditions.isTrue(
                empty.get().getStatus().getConditions(), ManagedClusterSet.CONDITION_EMPTY))
        .isTrue();
  }

  @Test
  void aLabelSelectorSetSelectsByLabelsAndAnEmptySelectorSelectsAll() {
    ManagedClusterSetWorkflow eu =
        createSet(
            "eu",
            new ClusterSelector(
                ManagedClusterSet.LABEL_SELECTOR,
                new LabelSelectorBuilder().addToMatchLabels("region", "eu").build()));
    ManagedClusterSetWorkflow global =
        createSet(
            "global",
            new ClusterSelector(
                ManagedClusterSet.LABEL_SELECTOR, new LabelSelectorBuilder().build()));
    hub.env().sleep(Duration.ofSeconds(1));

    assertThat(message(eu.get())).isEqualTo("1 ManagedClusters selected: c1");
    assertThat(message(global.get())).isEqualTo("2 ManagedClusters selected: c1, c2");
  }

  @Test
  void aClusterLabelledIntoASetIsAMemberAsSoonAsTheHubSaysClustersChanged() {
    ManagedClusterSetWorkflow staging =
        createSet("staging", new ClusterSelector(ManagedClusterSet.EXCLUSIVE, null));
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(message(staging.get())).isEqualTo("No ManagedCluster selected");

    when(hub.inventory().clusters())
        .thenReturn(
            List.of(new ClusterLabels("c2", Map.of(ManagedClusterSet.SET_LABEL, "staging"))));
    staging.clustersChanged("ManagedCluster c2 changed");
    hub.env().sleep(Duration.ofSeconds(1));

    assertThat(message(staging.get()))
        .as("well before the next resync")
        .isEqualTo("1 ManagedClusters selected: c2");
  }

  @Test
  void anIdleSetListsTheFleetOnlyWhenToldOrAtItsSafetyResync() {
    ManagedClusterSetWorkflow prod =
        createSet("prod", new ClusterSelector(ManagedClusterSet.EXCLUSIVE, null));
    hub.env().sleep(Duration.ofSeconds(1));
    long created = listings();
    assertThat(created).as("the new set read its members").isPositive();

    // Four minutes of nothing: the set used to list every cluster twelve times in that time.
    hub.env().sleep(Duration.ofMinutes(4));
    assertThat(listings()).isEqualTo(created);

    prod.clustersChanged("ManagedCluster c3 changed");
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(listings()).isEqualTo(created + 1);

    // A lost notice is still caught: the set re-checks five minutes after its last round.
    hub.env().sleep(ManagedClusterSetWorkflowImpl.SAFETY_RESYNC);
    assertThat(listings()).isEqualTo(created + 2);
  }

  /** How often the sets listed the clusters so far. */
  private long listings() {
    return Mockito.mockingDetails(hub.inventory()).getInvocations().stream()
        .filter(i -> i.getMethod().getName().equals("clusters"))
        .count();
  }

  @Test
  void aSetTellsItsBindingsWhenItComesAndWhenItGoes() {
    ManagedClusterSetWorkflow prod =
        createSet("prod", new ClusterSelector(ManagedClusterSet.EXCLUSIVE, null));
    hub.env().sleep(Duration.ofSeconds(1));
    verify(hub.inventory()).tellBindings("prod", true);

    prod.clustersChanged("ManagedCluster c1 changed");
    hub.env().sleep(Duration.ofSeconds(1));
    verify(hub.inventory(), times(1)).tellBindings(eq("prod"), anyBoolean());

    prod.delete(ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
    verify(hub.inventory()).tellBindings("prod", false);
  }

  @Test
  void aBindingBelievesItsSetsNoticeOverALaggingListing() {
    // Visibility does not show the set yet; the set's own notice says it exists.
    ManagedClusterSetBindingWorkflow binding = createBinding("apps", "new");
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(bound(binding)).isFalse();
    long looked = lookups("new");

    binding.clusterSetChanged(true);
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(bound(binding)).isTrue();

    // Four idle minutes: no re-check (it used to look every 20 s), so nothing undoes the notice.
    hub.env().sleep(Duration.ofMinutes(4));
    assertThat(bound(binding)).isTrue();
    assertThat(lookups("new")).as("the notice answered; no lookup since").isEqualTo(looked);

    binding.clusterSetChanged(false);
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(bound(binding)).isFalse();
  }

  /** How often bindings looked up the named set so far. */
  private long lookups(String set) {
    return Mockito.mockingDetails(hub.inventory()).getInvocations().stream()
        .filter(i -> i.getMethod().getName().equals("exists") && set.equals(i.getArgument(2)))
        .count();
  }

  private static boolean bound(ManagedClusterSetBindingWorkflow binding) {
    return Conditions.isTrue(
        binding.get().getStatus().getConditions(), ManagedClusterSetBinding.CONDITION_BOUND);
  }

  @Test
  void aBindingIsBoundWhileItsSetExists() {
    ManagedClusterSetBindingWorkflow bound = createBinding("apps", "prod");
    ManagedClusterSetBindingWorkflow dangling = createBinding("apps", "missing");
    hub.env().sleep(Duration.ofSeconds(1));

    assertThat(
            Conditions.isTrue(
                bound.get().getStatus().getConditions(), ManagedClusterSetBinding.CONDITION_BOUND))
        .isTrue();
    var notBound =
        Conditions.find(
                dangling.get().getStatus().getConditions(),
                ManagedClusterSetBinding.CONDITION_BOUND)
            .orElseThrow();
    assertThat(notBound.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(notBound.getReason()).isEqualTo("ClusterSetNotFound");

    // A binding that missed its set's notice finds the set at its safety re-check.
    when(hub.inventory().exists(eq("ManagedClusterSet"), any(), eq("missing"))).thenReturn(true);
    hub.env().sleep(ManagedClusterSetWorkflowImpl.SAFETY_RESYNC.plusSeconds(1));
    assertThat(
            Conditions.isTrue(
                dangling.get().getStatus().getConditions(),
                ManagedClusterSetBinding.CONDITION_BOUND))
        .isTrue();
  }

  private static String message(ManagedClusterSet set) {
    return Conditions.find(set.getStatus().getConditions(), ManagedClusterSet.CONDITION_EMPTY)
        .orElseThrow()
        .getMessage();
  }

  private ManagedClusterSetWorkflow createSet(String name, ClusterSelector selector) {
    ManagedClusterSet set = new ManagedClusterSet();
    set.setMetadata(new ObjectMeta());
    set.getMetadata().setName(name);
    ManagedClusterSetSpec spec = new ManagedClusterSetSpec();
    spec.setClusterSelector(selector);
    set.setSpec(spec);
    return hub.createClusterSet(set, ADMIN);
  }

  private ManagedClusterSetBindingWorkflow createBinding(String namespace, String set) {
    return hub.createBinding(Fixtures.binding(namespace, set), ADMIN);
  }
}
