package io.fleetflow.workflows.addon;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.activities.addon.AddOnRenderRequest;
import io.fleetflow.activities.addon.RenderedAddOn;
import io.fleetflow.activities.hub.GeneratedWorkActivities.AppliedWork;
import io.fleetflow.activities.hub.GeneratedWorkActivities.GeneratedWork;
import io.fleetflow.model.addon.AddOnConfig;
import io.fleetflow.model.addon.ClusterManagementAddOn;
import io.fleetflow.model.addon.ConfigReference;
import io.fleetflow.model.addon.ConfigSpecHash;
import io.fleetflow.model.addon.HealthCheck;
import io.fleetflow.model.addon.ManagedClusterAddOn;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.rollout.RolloutCommand;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.Refusals;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementDecisions.DecisionGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An add-on installed by a placement on three clusters, on the in-process server with the add-on
 * workflows of every cluster running: the install reaches every cluster at once; a config change
 * waits at its gate, goes one cluster at a time after the approval and completes; the next change
 * is aborted with rollback (the changed cluster gets back exactly the works it had, without a new
 * render); an undo rolls the earlier configs out as a new revision; controls are refused to those
 * who may not use them.
 */
class ClusterManagementAddOnWorkflowTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> CLUSTERS = List.of("a", "b", "c");
  private static final Actor APPROVER =
      new Actor("approver", List.of("fleetflow:approvers"), "test");
  private static final Actor OPERATOR =
      new Actor("operator", List.of("fleetflow:operators"), "test");

  private HubTestEnvironment hub;
  private final AtomicInteger content = new AtomicInteger(1);
  private final AtomicInteger renders = new AtomicInteger();
  private final List<GeneratedWork> applied = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> workGenerations = new ConcurrentHashMap<>();

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    when(hub.addOns().install(anyString(), anyString(), anyString(), any()))
        .thenAnswer(
            call -> {
              ManagedClusterAddOn addOn = new ManagedClusterAddOn();
              addOn.setMetadata(
                  new ObjectMetaBuilder()
                      .withName(call.getArgument(1, String.class))
                      .withNamespace(call.getArgument(0, String.class))
                      .withAnnotations(
                          Map.of(
                              ManagedClusterAddOn.INSTALLED_BY, call.getArgument(2, String.class)))
                      .build());
              hub.createAddOn(addOn, ADMIN);
              return true;
            });
    when(hub.addOns().hash(any()))
        .thenAnswer(call -> references(call.getArgument(0), "content-" + content.get()));
    when(hub.addOns().render(any()))
        .thenAnswer(call -> rendered(call.getArgument(0, AddOnRenderRequest.class)));
    when(hub.generatedWorks().apply(any()))
        .thenAnswer(
            call -> {
              GeneratedWork work = call.getArgument(0);
              applied.add(work);
              int generation = workGenerations.merge(work.cluster(), 1, Integer::sum);
              return new AppliedWork(generation, Fixtures.workConditions(true, generation), true);
            });
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void anInstallThenAGatedChangeThenAnAbortedOneRolledBackThenAnUndo() throws Exception {
    ClusterManagementAddOnWorkflow addOn = hub.createClusterAddOn(addOn(), ADMIN);
    addOn.placementDecisionsChanged(
        new PlacementDecisions("ops", "all", 1, true, List.of(new DecisionGroup(0, "", CLUSTERS))));
    hub.env().sleep(Duration.ofSeconds(5));

    assertThat(contentOn())
        .as("the install reaches every cluster at once")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("a", "content-1", "b", "content-1", "c", "content-1"));
    assertThat(progressing(addOn)).isEqualTo("Completed");

    content.set(2);
    addOn.configChanged(
        new AddOnConfig("addon.open-cluster-management.io", "addontemplates", "probe-1", null));
    hub.env().sleep(Duration.ofSeconds(3));
    assertThat(progressing(addOn)).isEqualTo(AddOnProgressions.REASON_WAITING_FOR_APPROVAL);
    assertThat(contentOn().values()).containsOnly("content-1");
    Refusals.assertForbidden(
        () -> addOn.approve(new RolloutCommand("go", null, null), OPERATOR),
        "cannot create resource \"clustermanagementaddons/approve\"");

    addOn.approve(new RolloutCommand("canary looks fine", null, null), APPROVER);
    hub.env().sleep(Duration.ofSeconds(3));
    assertThat(contentOn())
        .as("one cluster, then the next gate")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("a", "content-2", "b", "content-1", "c", "content-1"));
    assertThat(progressing(addOn)).isEqualTo(AddOnProgressions.REASON_WAITING_FOR_APPROVAL);
    for (int stage = 1; stage < CLUSTERS.size(); stage++) {
      addOn.approve(new RolloutCommand(null, null, null), APPROVER);
      hub.env().sleep(Duration.ofSeconds(3));
    }
    assertThat(contentOn().values()).containsOnly("content-2");
    assertThat(progressing(addOn)).isEqualTo("Completed");

    content.set(3);
    addOn.configChanged(
        new AddOnConfig("addon.open-cluster-management.io", "addontemplates", "probe-1", null));
    hub.env().sleep(Duration.ofSeconds(3));
    addOn.pause(new RolloutCommand(null, null, null), ADMIN);
    addOn.approve(new RolloutCommand(null, null, null), APPROVER);
    hub.env().sleep(Duration.ofSeconds(3));
    assertThat(contentOn().values()).as("nothing starts while paused").containsOnly("content-2");
    addOn.resume(new RolloutCommand(null, null, null), ADMIN);
    hub.env().sleep(Duration.ofSeconds(3));
    assertThat(contentOn()).containsEntry("a", "content-3").containsEntry("b", "content-2");
    int rendersBefore = renders.get();
    addOn.abort(new RolloutCommand("bad build", true, null), ADMIN);
    hub.env().sleep(Duration.ofSeconds(5));
    assertThat(contentOn().values()).as("every changed cluster is back").containsOnly("content-2");
    assertThat(progressing(addOn)).isEqualTo("RolledBack");
    assertThat(renders.get() - rendersBefore)
        .as("a rollback restores the kept works without rendering")
        .isZero();

    addOn.undo(new RolloutCommand(null, null, 1L), ADMIN);
    hub.env().sleep(Duration.ofSeconds(3));
    assertThat(progressing(addOn)).isEqualTo(AddOnProgressions.REASON_WAITING_FOR_APPROVAL);
    assertThat(
            addOn
                .get()
                .getStatus()
                .getInstallProgressions()
                .get(0)
                .conditions()
                .get(0)
                .getMessage())
        .contains("revision 4");
  }

  private Map<String, String> contentOn() {
    Map<String, String> last = new java.util.TreeMap<>();
    synchronized (applied) {
      for (GeneratedWork work : applied) {
        GenericKubernetesResource manifest = work.spec().getWorkload().manifests().get(0);
        last.put(
            work.cluster(),
            String.valueOf(manifest.getAdditionalProperties().get("data"))
                .replaceAll("[{}]|v=", ""));
      }
    }
    return last;
  }

  private static String progressing(ClusterManagementAddOnWorkflow addOn) {
    return Conditions.reasonOf(
        addOn.get().getStatus().getInstallProgressions().get(0).conditions(), "Progressing");
  }

  private List<ConfigReference> references(List<AddOnConfig> configs, String hash) {
    return configs.stream()
        .map(
            c ->
                new ConfigReference(
                    c.group(),
                    c.resource(),
                    c.name(),
                    c.namespace(),
                    new ConfigSpecHash(c.namespace(), c.name(), hash),
                    null,
                    null))
        .toList();
  }

  private RenderedAddOn rendered(AddOnRenderRequest request) throws Exception {
    renders.incrementAndGet();
    if (request.rolloutConfigs() != null && request.manager() == null) {
      // A render for a rollout step would then ask the add-on's own, busy, workflow.
      throw new IllegalStateException("a rollout step came without its add-on");
    }
    String value = "content-" + content.get();
    ManifestWorkSpec spec = new ManifestWorkSpec();
    spec.getWorkload()
        .manifests()
        .add(
            YAML.readValue(
                "{apiVersion: v1, kind: ConfigMap, metadata: {name: probe, namespace: probe}, data: {v: "
                    + value
                    + "}}",
                GenericKubernetesResource.class));
    return new RenderedAddOn(
        null,
        true,
        "probe",
        spec,
        null,
        value,
        List.of(),
        new HealthCheck(HealthCheck.NONE, null),
        null,
        List.of(),
        null,
        List.of());
  }

  private static ClusterManagementAddOn addOn() throws Exception {
    return YAML.readValue(
        """
        apiVersion: addon.open-cluster-management.io/v1alpha1
        kind: ClusterManagementAddOn
        metadata: {name: probe}
        spec:
          supportedConfigs:
          - {group: addon.open-cluster-management.io, resource: addontemplates, defaultConfig: {name: probe-1}}
          installStrategy:
            type: Placements
            placements:
            - namespace: ops
              name: all
              rolloutStrategy: {type: Progressive, progressive: {maxConcurrency: 1}}
              approvalGates: {beforeFirstStage: true, betweenStages: true}
        """,
        ClusterManagementAddOn.class);
  }
}
