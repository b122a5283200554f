package io.fleetflow.workflows.takeover;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.agent.ResourceResult;
import io.fleetflow.activities.agent.TakeoverAgentActivities;
import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.activities.hub.TakeoverActivities;
import io.fleetflow.activities.hub.TakeoverActivities.WorkRef;
import io.fleetflow.model.cluster.BuiltInTaints;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.model.takeover.Takeover;
import io.fleetflow.model.takeover.TakeoverResources;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.cluster.ManagedClusterWorkflow;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** Taking a cluster over and releasing it, with the agent and the hub's reads played by mocks. */
@org.junit.jupiter.api.Timeout(150)
class ClusterTakeoverWorkflowTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  private static final String GENERATION_1 =
      """
      metadata: {name: default, generation: 1}
      spec:
        resources:
          - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings, namespace: agent},
             data: {level: info}}
          - {apiVersion: v1, kind: Namespace, metadata: {name: agent}}
          - {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: agent}}
      """;

  private static final String GENERATION_2 =
      """
      metadata: {name: default, generation: 2}
      spec:
        resources:
          - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings, namespace: agent},
             data: {level: debug}}
          - {apiVersion: v1, kind: Namespace, metadata: {name: agent}}
          - {apiVersion: v1, kind: Namespace, metadata: {name: tools}}
      """;

  private HubTestEnvironment hub;
  private TakeoverAgentActivities agent;
  private TakeoverActivities hubReads;

  private void startHub(RegistrationPolicy policy, String profile) throws Exception {
    hub = new HubTestEnvironment(policy);
    AgentActivities describe = hub.agentFor("cluster1");
    when(describe.describeCluster()).thenReturn(Fixtures.clusterInfo("cluster1"));
    agent = hub.takeoverAgentOf("cluster1");
    when(agent.install(any()))
        .thenAnswer(
            call -> {
              GenericKubernetesResource r = call.getArgument(0);
              return new ResourceResult(null, "uid", true, true, "Installed", r.getKind());
            });
    hubReads = hub.takeover();
    when(hubReads.profile(ClusterTakeoverProfile.DEFAULT)).thenReturn(profile(profile));
    when(hubReads.manifestWorks("cluster1")).thenReturn(List.of());
    hub.start();
  }

  @AfterEach
  void stopHub() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void anAcceptedClusterGetsClusterScopedResourcesFirstAndIsTakenOver() throws Exception {
    startHub(RegistrationPolicy.DEFAULTS, GENERATION_1);

    joinAndAccept();

    InOrder order = inOrder(agent);
    order.verify(agent).install(resource("Namespace agent"));
    order.verify(agent).install(resource("ClusterRole agent"));
    order.verify(agent).install(resource("ConfigMap agent/settings"));
    Condition takenOver = condition(Takeover.CONDITION_TAKEN_OVER);
    assertThat(takenOver.getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(takenOver.getReason()).isEqualTo("TakeoverComplete");
    assertThat(takenOver.getMessage()).contains("3 resources").contains("generation 1");
    // One agent call installs the profile: one activity and two progress reports in the history.
    assertThat(summaries("ManagedCluster/cluster1/takeover"))
        .containsExactly("install 3 resources of profile generation 1 on cluster1");
    verify(agent).applyProfile(any());
    assertThat(
            hub.client().fetchHistory("ManagedCluster/cluster1/takeover").getEvents().stream()
                .filter(
                    e ->
                        e.getEventType()
                            == EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)
                .count())
        .isEqualTo(2);
  }

  @Test
  void aResourceThatKeepsFailingDegradesTheClusterUntilTheOperatorRetries() throws Exception {
    startHub(RegistrationPolicy.DEFAULTS, GENERATION_1);
    AtomicBoolean forbidden = new AtomicBoolean(true);
    org.mockito.Mockito.doAnswer(
            call -> {
              if (forbidden.get()) {
                throw new IllegalStateException("configmaps is forbidden in namespace agent");
              }
              return new ResourceResult(null, "uid", true, true, "Installed", "ConfigMap");
            })
        .when(agent)
        .install(resource("ConfigMap agent/settings"));

    joinAndAccept();
    hub.env().sleep(Duration.ofMinutes(2));

    Condition failed = condition(Takeover.CONDITION_TAKEN_OVER);
    assertThat(failed.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(failed.getReason()).isEqualTo("InstallFailed");
    assertThat(failed.getMessage())
        .contains("ConfigMap agent/settings keeps failing")
        .contains("forbidden")
        .contains(Takeover.RETRY_ANNOTATION);
    verify(agent, times(5)).install(resource("ConfigMap agent/settings"));

    forbidden.set(false);
    ManagedCluster retry = cluster().get();
    retry.getMetadata().setResourceVersion(null);
    retry.getMetadata().setAnnotations(new HashMap<>(retry.getMetadata().getAnnotations()));
    retry.getMetadata().getAnnotations().put(Takeover.RETRY_ANNOTATION, "1");
    cluster().apply(retry, ADMIN);
    hub.env().sleep(Duration.ofSeconds(10));

    assertThat(condition(Takeover.CONDITION_TAKEN_OVER).getStatus()).isEqualTo(Conditions.TRUE);
    verify(agent, times(6)).install(resource("ConfigMap agent/settings"));
  }

  @Test
  void aProfileChangeInstallsNewResourcesUpdatesChangedOnesAndRemovesDroppedOnes()
      throws Exception {
    startHub(RegistrationPolicy.DEFAULTS, GENERATION_1);
    joinAndAccept();

    when(hubReads.profile(ClusterTakeoverProfile.DEFAULT)).thenReturn(profile(GENERATION_2));
    cluster().takeoverProfileChanged(2);
    hub.env().sleep(Duration.ofSeconds(10));

    InOrder order = inOrder(agent);
    order.verify(agent).install(resource("Namespace tools"));
    order
        .verify(agent)
        .install(
            argThat(
                r ->
                    TakeoverResources.key(r).equals("ConfigMap agent/settings")
                        && r.getAdditionalProperties().get("data").toString().contains("debug")));
    order.verify(agent).uninstall(resource("ClusterRole agent"));
    verify(agent, never()).uninstall(resource("Namespace agent"));
    assertThat(condition(Takeover.CONDITION_TAKEN_OVER).getMessage()).contains("generation 2");
  }

  @Test
  void deletionRemovesManifestWorksByCleanupPriorityThenResourcesInReverseAndThenEnds()
      throws Exception {
    startHub(RegistrationPolicy.DEFAULTS, GENERATION_1);
    joinAndAccept();
    Set<String> deleted = ConcurrentHashMap.newKeySet();
    List<WorkRef> works =
        List.of(
            new WorkRef("late", 50, false),
            new WorkRef("first", -1, false),
            new WorkRef("mid", 10, false));
    when(hubReads.manifestWorks("cluster1"))
        .thenAnswer(call -> works.stream().filter(w -> !deleted.contains(w.name())).toList());
    org.mockito.Mockito.doAnswer(
            call -> {
              deleted.add(call.getArgument(1));
              return null;
            })
        .when(hubReads)
        .deleteManifestWork(eq("cluster1"), any(), any());

    cluster().delete(ADMIN);
    WorkflowStub.fromTyped(cluster()).getResult(Void.class);

    InOrder order = inOrder(hubReads, agent);
    order.verify(hubReads).deleteManifestWork(eq("cluster1"), eq("first"), any());
    order.verify(hubReads).deleteManifestWork(eq("cluster1"), eq("mid"), any());
    order.verify(hubReads).deleteManifestWork(eq("cluster1"), eq("late"), any());
    order.verify(agent).uninstall(resource("ConfigMap agent/settings"));
    order.verify(agent).uninstall(resource("ClusterRole agent"));
    order.verify(agent).uninstall(resource("Namespace agent"));
    Condition deleting = condition(Takeover.CONDITION_DELETING);
    assertThat(deleting.getReason()).isEqualTo(Takeover.REASON_NO_RESOURCE);
    assertThat(summaries("ManagedCluster/cluster1/release"))
        .contains("uninstall ConfigMap agent/settings on cluster1 (1/3)");
  }

  @Test
  void denyingReleasesTheClusterButKeepsIt() throws Exception {
    startHub(RegistrationPolicy.DEFAULTS, GENERATION_1);
    joinAndAccept();

    deny();
    hub.env().sleep(Duration.ofSeconds(10));

    verify(agent).uninstall(resource("Namespace agent"));
    Condition released = condition(Takeover.CONDITION_TAKEN_OVER);
    assertThat(released.getReason()).isEqualTo("Released");
    assertThat(cluster().get().getMetadata().getDeletionTimestamp()).isNull();
  }

  @Test
  void aClusterWhoseAgentDiesMidInstallGoesUnknownWhileTheInstallStillRuns() throws Exception {
    startHub(RegistrationPolicy.DEFAULTS, GENERATION_1);
    CountDownLatch agentBack = new CountDownLatch(1);
    org.mockito.Mockito.doAnswer(
            call -> {
              // The agent took the task and died: the call neither returns nor heartbeats.
              agentBack.await(2, TimeUnit.MINUTES);
              throw new IllegalStateException("the agent's process was killed");
            })
        .when(agent)
        .install(resource("ConfigMap agent/settings"));
    try {
      hub.join(Fixtures.join("cluster1", "sha256:one"));
      ManagedCluster proposed = cluster().get();
      proposed.getMetadata().setResourceVersion(null);
      proposed.getSpec().setHubAcceptsClient(true);
      proposed.getSpec().setLeaseDurationSeconds(10);
      cluster().apply(proposed, ADMIN);

      hub.env().sleep(Duration.ofSeconds(45));

      assertThat(isRunning("ManagedCluster/cluster1/takeover")).isTrue();
      ManagedCluster lost = cluster().get();
      assertThat(
              Conditions.find(lost.getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE)
                  .orElseThrow()
                  .getStatus())
          .isEqualTo(Conditions.UNKNOWN);
      assertThat(lost.getSpec().getTaints())
          .extracting(Taint::key)
          .containsExactly(BuiltInTaints.UNREACHABLE);
    } finally {
      agentBack.countDown();
    }
  }

  @Test
  void denyingDetachesAtOnceAndReleasesInTheBackgroundWhileTheAgentStillWorks() throws Exception {
    startHub(RegistrationPolicy.DEFAULTS, GENERATION_1);
    joinAndAccept();
    CountDownLatch uninstallMayEnd = new CountDownLatch(1);
    org.mockito.Mockito.doAnswer(
            call -> {
              uninstallMayEnd.await(1, TimeUnit.MINUTES);
              return null;
            })
        .when(agent)
        .uninstall(resource("ConfigMap agent/settings"));

    ManagedCluster denied = deny();

    // The update's own answer already shows the detached cluster and the release to come.
    assertThat(status(denied, ManagedCluster.CONDITION_HUB_ACCEPTED)).isEqualTo(Conditions.FALSE);
    assertThat(status(denied, ManagedCluster.CONDITION_JOINED)).isEqualTo(Conditions.FALSE);
    assertThat(status(denied, ManagedCluster.CONDITION_AVAILABLE)).isEqualTo(Conditions.UNKNOWN);
    assertThat(Takeover.isReleasing(denied)).isTrue();
    hub.env().sleep(Duration.ofSeconds(2));
    ManagedCluster releasing = cluster().get();
    assertThat(releasing.getSpec().getTaints())
        .extracting(Taint::key)
        .containsExactly(BuiltInTaints.UNREACHABLE);
    assertThat(Takeover.isReleasing(releasing)).isTrue();
    assertThat(isRunning("ManagedCluster/cluster1/release")).isTrue();

    uninstallMayEnd.countDown();
    hub.env().sleep(Duration.ofSeconds(10));

    InOrder order = inOrder(agent);
    order.verify(agent).uninstall(resource("ConfigMap agent/settings"));
    order.verify(agent).uninstall(resource("ClusterRole agent"));
    order.verify(agent).uninstall(resource("Namespace agent"));
    ManagedCluster released = cluster().get();
    assertThat(condition(Takeover.CONDITION_TAKEN_OVER).getReason()).isEqualTo("Released");
    assertThat(released.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(Conditions.find(released.getStatus().getConditions(), Takeover.CONDITION_DELETING))
        .isEmpty();
    assertThat(status(released, ManagedCluster.CONDITION_AVAILABLE)).isEqualTo(Conditions.UNKNOWN);
  }

  @Test
  void aReleaseThatCannotReachTheClusterWaitsUntilAnOperatorForcesIt() throws Exception {
    startHub(RegistrationPolicy.DEFAULTS, GENERATION_1);
    joinAndAccept();
    org.mockito.Mockito.doThrow(new IllegalStateException("connection refused"))
        .when(agent)
        .uninstall(any());

    cluster().delete(ADMIN);
    hub.env().sleep(Duration.ofMinutes(3));
    Condition waiting = condition(Takeover.CONDITION_DELETING);
    assertThat(waiting.getReason()).isEqualTo(Takeover.REASON_RESOURCE_REMAINING);
    assertThat(waiting.getMessage())
        .contains("connection refused")
        .contains("3 takeover resources");

    forceRelease("the VM is gone");
    WorkflowStub.fromTyped(cluster()).getResult(Void.class);

    Condition released = condition(Takeover.CONDITION_TAKEN_OVER);
    assertThat(released.getReason()).isEqualTo("ReleasedWithOrphans");
    assertThat(released.getMessage())
        .contains("Forced by admin")
        .contains("the VM is gone")
        .contains("ConfigMap agent/settings, ClusterRole agent, Namespace agent");
  }

  @Test
  void aForcedReleaseTellsManifestWorksStuckOnTheUnreachableClusterToOrphanAndEnd()
      throws Exception {
    startHub(RegistrationPolicy.DEFAULTS, GENERATION_1);
    joinAndAccept();
    Set<String> ended = ConcurrentHashMap.newKeySet();
    when(hubReads.manifestWorks("cluster1"))
        .thenAnswer(
            call -> ended.contains("web") ? List.of() : List.of(new WorkRef("web", -1, true)));
    org.mockito.Mockito.doAnswer(
            call -> {
              ended.add(call.getArgument(1));
              return null;
            })
        .when(hubReads)
        .orphanManifestWork(eq("cluster1"), any(), any(), any());

    cluster().delete(ADMIN);
    hub.env().sleep(Duration.ofMinutes(3));
    assertThat(condition(Takeover.CONDITION_DELETING).getMessage())
        .contains("waiting for web to remove their resources");
    verify(hubReads, never()).orphanManifestWork(any(), any(), any(), any());

    forceRelease("the VM is gone");
    WorkflowStub.fromTyped(cluster()).getResult(Void.class);

    verify(hubReads).orphanManifestWork(eq("cluster1"), eq("web"), eq("the VM is gone"), any());
    assertThat(condition(Takeover.CONDITION_TAKEN_OVER).getMessage())
        .contains("the VM is gone")
        .contains("ManifestWork cluster1/web");
    assertThat(condition(Takeover.CONDITION_DELETING).getReason())
        .isEqualTo(Takeover.REASON_NO_RESOURCE);
  }

  @Test
  void aClusterWhoseAgentStaysAwayIsRemovedAutomaticallyWithTheDecisionRecorded() throws Exception {
    startHub(new RegistrationPolicy(3600, 3, List.of(), 600), GENERATION_1);
    joinAndAccept();

    hub.agentStopsPolling("cluster1");
    hub.env().sleep(Duration.ofMinutes(15));
    WorkflowStub.fromTyped(cluster()).getResult(Void.class);

    verify(agent, never()).uninstall(any());
    ManagedCluster removed = cluster().get();
    assertThat(removed.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(condition(Takeover.CONDITION_TAKEN_OVER).getMessage())
        .contains("Forced by system:fleetflow:auto-removal")
        .contains("no lease for more than PT10M");
    assertThat(cluster().events()).anyMatch(e -> e.reason().equals("ClusterRemovedAutomatically"));
  }

  private void joinAndAccept() {
    hub.join(Fixtures.join("cluster1", "sha256:one"));
    ManagedCluster proposed = cluster().get();
    proposed.getMetadata().setResourceVersion(null);
    proposed.getSpec().setHubAcceptsClient(true);
    cluster().apply(proposed, ADMIN);
    hub.env().sleep(Duration.ofSeconds(5));
  }

  private ManagedCluster deny() {
    ManagedCluster deny = cluster().get();
    deny.getMetadata().setResourceVersion(null);
    deny.getSpec().setHubAcceptsClient(false);
    return cluster().apply(deny, ADMIN);
  }

  private void forceRelease(String reason) {
    ManagedCluster force = cluster().get();
    force.getMetadata().setResourceVersion(null);
    force.getMetadata().setAnnotations(Map.of(Takeover.FORCE_RELEASE_ANNOTATION, reason));
    cluster().apply(force, ADMIN);
  }

  private ManagedClusterWorkflow cluster() {
    return hub.cluster("cluster1");
  }

  private Condition condition(String type) {
    return Conditions.find(cluster().get().getStatus().getConditions(), type).orElseThrow();
  }

  private static String status(ManagedCluster cluster, String type) {
    return Conditions.find(cluster.getStatus().getConditions(), type).orElseThrow().getStatus();
  }

  private boolean isRunning(String workflowId) {
    return hub.client().fetchHistory(workflowId).getLastEvent().getEventType()
        != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED;
  }

  private List<String> summaries(String workflowId) {
    List<String> out = new ArrayList<>();
    hub.client().fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .forEach(
            e ->
                out.add(
                    e.getUserMetadata().getSummary().getData().toStringUtf8().replace("\"", "")));
    return out;
  }

  private static GenericKubernetesResource resource(String key) {
    return argThat(r -> r != null && TakeoverResources.key(r).equals(key));
  }

  private static ClusterTakeoverProfile profile(String yaml) throws Exception {
    return YAML.readValue(
        "apiVersion: fleetflow.io/v1alpha1\nkind: ClusterTakeoverProfile\n" + yaml,
        ClusterTakeoverProfile.class);
  }
}
