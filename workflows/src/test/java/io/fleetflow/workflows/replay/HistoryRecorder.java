package io.fleetflow.workflows.replay;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.agent.ApplyResult;
import io.fleetflow.activities.agent.ResourceResult;
import io.fleetflow.activities.hub.AutoApprovalRule;
import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.cluster.LeaseRenewal;
import io.fleetflow.workflows.cluster.ManagedClusterWorkflow;
import io.fleetflow.workflows.work.ManifestWorkWorkflow;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories that {@link ReplayTest} replays. Each file guards the workflow version it
 * was recorded with, so a recorded file is never re-recorded: a change adds a scenario that records
 * its new version (for example {@code -Dtest=HistoryRecorder#recordAJoinRequestThatExpires
 * -Dfleetflow.recordHistories=true}), and every older file must keep replaying, with {@code
 * Workflow.getVersion} where the code changed.
 */
@EnabledIfSystemProperty(named = "fleetflow.recordHistories", matches = "true")
class HistoryRecorder {
  static final Path HISTORIES = Path.of("src/test/resources/histories");

  @Test
  void recordAClusterThatJoinsIsAcceptedRenewsAndGoesSilent() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      AgentActivities agent = hub.agentFor("cluster1");
      when(agent.describeCluster()).thenReturn(Fixtures.clusterInfo("cluster1"));
      hub.start();
      ManagedClusterWorkflow workflow = startCluster(hub, "cluster1", "sha256:one");
      ManagedCluster accepted = workflow.get();
      accepted.getSpec().setHubAcceptsClient(true);
      workflow.apply(accepted, ADMIN);
      hub.env().sleep(Duration.ofSeconds(30));
      workflow.renewLease(new LeaseRenewal("sha256:one", true, null));
      hub.env().sleep(Duration.ofMinutes(4));
      workflow.renewLease(new LeaseRenewal("sha256:one", true, null));
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write("managedcluster-join-accept-lease-delete.json", hub, "ManagedCluster/cluster1");
    }
  }

  @Test
  void recordAnAutoApprovedClusterThatLosesItsLeaseIsDeniedAndDeleted() throws IOException {
    RegistrationPolicy policy =
        new RegistrationPolicy(
            3600, 3, List.of(new AutoApprovalRule("all-ones", List.of("sha256:one"), Map.of())));
    try (HubTestEnvironment hub = new HubTestEnvironment(policy)) {
      AgentActivities agent = hub.agentFor("cluster1");
      when(agent.describeCluster()).thenReturn(Fixtures.clusterInfo("cluster1"));
      hub.start();
      ManagedClusterWorkflow workflow = startCluster(hub, "cluster1", "sha256:one");
      hub.env().sleep(Duration.ofSeconds(5));
      workflow.renewLease(
          new LeaseRenewal("sha256:one", true, null, hub.env().currentTimeMillis()));
      hub.env().sleep(Duration.ofMinutes(4));
      workflow.renewLease(
          new LeaseRenewal("sha256:one", false, "down", hub.env().currentTimeMillis()));
      hub.env().sleep(Duration.ofSeconds(1));
      ManagedCluster deny = workflow.get();
      deny.getMetadata().setResourceVersion(null);
      deny.getSpec().setHubAcceptsClient(false);
      workflow.apply(deny, ADMIN);
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write(
          "managedcluster-onboarding-auto-approval-lease-deny-delete.json",
          hub,
          "ManagedCluster/cluster1");
    }
  }

  @Test
  void recordAJoinRequestThatExpires() throws IOException {
    try (HubTestEnvironment hub =
        new HubTestEnvironment(new RegistrationPolicy(3600, 3, List.of()))) {
      hub.agentFor("cluster1");
      hub.start();
      ManagedClusterWorkflow workflow = startCluster(hub, "cluster1", "sha256:one");
      hub.env().sleep(Duration.ofMinutes(61));
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write("managedcluster-onboarding-expiry.json", hub, "ManagedCluster/cluster1");
    }
  }

  @Test
  void recordAClusterThatIsTakenOverAndReleasedOnDeletion() throws Exception {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      AgentActivities agent = hub.agentFor("cluster1");
      when(agent.describeCluster()).thenReturn(Fixtures.clusterInfo("cluster1"));
      when(hub.takeoverAgentOf("cluster1").install(any()))
          .thenReturn(new ResourceResult(null, "uid", true, true, "Installed", "installed"));
      when(hub.takeover().profile("default"))
          .thenReturn(io.fleetflow.model.takeover.DefaultTakeoverProfile.load());
      when(hub.takeover().manifestWorks("cluster1")).thenReturn(List.of());
      hub.start();
      ManagedClusterWorkflow workflow = startCluster(hub, "cluster1", "sha256:one");
      ManagedCluster accepted = workflow.get();
      accepted.getMetadata().setResourceVersion(null);
      accepted.getSpec().setHubAcceptsClient(true);
      workflow.apply(accepted, ADMIN);
      hub.env().sleep(Duration.ofSeconds(30));
      workflow.renewLease(new LeaseRenewal("sha256:one", true, null));
      workflow.takeoverProfileChanged(1);
      hub.env().sleep(Duration.ofSeconds(30));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write("managedcluster-takeover-profile-change-delete.json", hub, "ManagedCluster/cluster1");
    }
  }

  private static ManagedClusterWorkflow startCluster(
      HubTestEnvironment hub, String name, String identity) {
    hub.join(Fixtures.join(name, identity));
    return hub.cluster(name);
  }

  @Test
  void recordAWorkThatIsAppliedChangedAndDeleted() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      AgentActivities agent = hub.agentFor("cluster1");
      when(agent.applyManifests(any()))
          .thenAnswer(
              call -> {
                var request = (io.fleetflow.activities.agent.ApplyRequest) call.getArgument(0);
                List<ResourceResult> results =
                    java.util.stream.IntStream.range(0, request.manifests().size())
                        .mapToObj(
                            i -> {
                              var m = request.manifests().get(i);
                              return new ResourceResult(
                                  new ResourceMeta(
                                      i,
                                      "",
                                      "v1",
                                      m.getKind(),
                                      m.getKind().toLowerCase() + "s",
                                      m.getMetadata().getName(),
                                      m.getMetadata().getNamespace()),
                                  "uid-" + i,
                                  true,
                                  true,
                                  "AppliedManifestComplete",
                                  "created");
                            })
                        .toList();
                return new ApplyResult(results);
              });
      hub.start();
      hub.createWork(Fixtures.helloWork("cluster1"), ADMIN);
      ManifestWorkWorkflow workflow = hub.work("cluster1", "hello");
      ManifestWork changed = workflow.get();
      changed.getSpec().getWorkload().manifests().remove(1);
      workflow.apply(changed, ADMIN);
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write("manifestwork-apply-change-delete.json", hub, "ManifestWork/cluster1/hello");
    }
  }

  private static void write(String file, HubTestEnvironment hub, String workflowId)
      throws IOException {
    Files.createDirectories(HISTORIES);
    Files.writeString(HISTORIES.resolve(file), hub.client().fetchHistory(workflowId).toJson(true));
  }
}
