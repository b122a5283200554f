package io.fleetflow.workflows.replay;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.activities.addon.RenderedAddOn;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.hub.GeneratedWorkActivities.AppliedWork;
import io.fleetflow.model.addon.AddOnConfig;
import io.fleetflow.model.addon.ConfigKinds;
import io.fleetflow.model.addon.HealthCheck;
import io.fleetflow.model.addon.ManagedClusterAddOn;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.model.work.ManifestWorkStatus.ManifestCondition;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.addon.AddOnRolloutStep;
import io.fleetflow.workflows.addon.ManagedClusterAddOnWorkflow;
import io.fleetflow.workflows.addon.RegisteringAddOn;
import io.fleetflow.workflows.cluster.ManagedClusterWorkflow;
import io.fleetflow.workflows.work.WorkOwners.StatusReport;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories of the add-on workflows that {@link ReplayTest} replays, and of a cluster
 * release that removes an add-on (version 1 of "release-add-ons"), as {@link HistoryRecorder} does
 * for the other kinds (its rules apply: a recorded file is never recorded again).
 */
@EnabledIfSystemProperty(named = "fleetflow.recordHistories", matches = "true")
class AddOnHistoryRecorder {
  @Test
  void recordAnAddOnAppliedRolledForwardAndBackAndRemovedWithItsHook() throws Exception {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      AtomicInteger renders = new AtomicInteger();
      when(hub.addOns().render(any()))
          .thenAnswer(call -> rendered("hash-" + renders.incrementAndGet()));
      when(hub.generatedWorks().apply(any()))
          .thenAnswer(call -> new AppliedWork(renders.get(), List.of(), true));
      when(hub.generatedWorks().delete(anyString(), anyString(), any())).thenReturn(true);
      when(hub.generatedWorks().gone(anyString(), anyString())).thenReturn(true);
      hub.start();
      ManagedClusterAddOn created = new ManagedClusterAddOn();
      created.setMetadata(
          new ObjectMetaBuilder().withName("probe").withNamespace("cluster1").build());
      ManagedClusterAddOnWorkflow addOn = hub.createAddOn(created, ADMIN);
      hub.env().sleep(Duration.ofSeconds(1));
      addOn.manifestWorkStatusChanged(
          new StatusReport(
              "cluster1",
              "addon-probe-deploy-0",
              1,
              Fixtures.workConditions(true, 1),
              false,
              List.of()));
      hub.env().sleep(Duration.ofSeconds(1));
      addOn.rolloutStep(new AddOnRolloutStep(1, configs("probe-1")));
      hub.env().sleep(Duration.ofSeconds(1));
      addOn.rolloutStep(new AddOnRolloutStep(2, configs("probe-2")));
      hub.env().sleep(Duration.ofSeconds(1));
      addOn.rolloutStep(new AddOnRolloutStep(1, configs("probe-1")));
      hub.env().sleep(Duration.ofSeconds(1));
      addOn.delete(ADMIN);
      hub.env().sleep(Duration.ofSeconds(1));
      addOn.manifestWorkStatusChanged(
          new StatusReport(
              "cluster1",
              "addon-probe-pre-delete",
              1,
              List.of(),
              false,
              List.of(
                  new ManifestCondition(
                      new ResourceMeta(0, "batch", "v1", "Job", "jobs", "cleanup", "probe"),
                      null,
                      List.of(Conditions.of("Complete", "True", "Done", "the job completed"))))));
      WorkflowStub.fromTyped(addOn).getResult(Void.class);
      HistoryRecorder.write(
          "managedclusteraddon-apply-rollout-rollback-hook-delete.json",
          hub,
          "ManagedClusterAddOn/cluster1/probe");
    }
  }

  @Test
  void recordAnAddOnRegisteredRenewedAndUnregistered() throws Exception {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      new RegisteringAddOn("cluster1").serve(hub, Duration.ofHours(10));
      hub.start();
      ManagedClusterAddOn created = new ManagedClusterAddOn();
      created.setMetadata(
          new ObjectMetaBuilder().withName("probe").withNamespace("cluster1").build());
      ManagedClusterAddOnWorkflow addOn = hub.createAddOn(created, ADMIN);
      hub.env().sleep(Duration.ofHours(8).plusMinutes(1));
      addOn.delete(ADMIN);
      WorkflowStub.fromTyped(addOn).getResult(Void.class);
      HistoryRecorder.write(
          "managedclusteraddon-registration-renew-delete.json",
          hub,
          "ManagedClusterAddOn/cluster1/probe");
    }
  }

  @Test
  void recordAReleaseThatRemovesTheClustersAddOnsFirst() throws Exception {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      AgentActivities agent = hub.agentFor("cluster1");
      when(agent.describeCluster()).thenReturn(Fixtures.clusterInfo("cluster1"));
      HistoryRecorder.takeoverProfile(
          hub, "{apiVersion: v1, kind: Namespace, metadata: {name: agent}}");
      AtomicInteger looks = new AtomicInteger();
      when(hub.addOns().addOnsOn("cluster1"))
          .thenAnswer(call -> looks.incrementAndGet() <= 2 ? List.of("probe") : List.of());
      hub.start();
      hub.join(Fixtures.join("cluster1", "sha256:one"));
      ManagedClusterWorkflow workflow = hub.cluster("cluster1");
      decide(workflow, true);
      hub.env().sleep(Duration.ofSeconds(10));
      decide(workflow, false);
      hub.env().sleep(Duration.ofSeconds(20));
      HistoryRecorder.write(
          "clustertakeover-release-add-ons.json", hub, "ManagedCluster/cluster1/release");
    }
  }

  private static void decide(ManagedClusterWorkflow workflow, boolean accept) {
    ManagedCluster decided = workflow.get();
    decided.getSpec().setHubAcceptsClient(accept);
    decided.getMetadata().setResourceVersion(null);
    workflow.apply(decided, ADMIN);
  }

  private static List<AddOnConfig> configs(String template) {
    return List.of(new AddOnConfig(ConfigKinds.GROUP, ConfigKinds.TEMPLATES, template, null));
  }

  private static RenderedAddOn rendered(String hash) {
    return new RenderedAddOn(
        null,
        true,
        "probe",
        new ManifestWorkSpec(),
        new ManifestWorkSpec(),
        hash,
        List.of(),
        new HealthCheck(HealthCheck.DEPLOYMENT_AVAILABILITY, null),
        null,
        List.of(),
        null,
        List.of());
  }
}
