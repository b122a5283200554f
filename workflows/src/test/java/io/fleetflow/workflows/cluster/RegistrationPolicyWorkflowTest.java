package io.fleetflow.workflows.cluster;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.hub.AutoApprovalRule;
import io.fleetflow.activities.hub.CertificateActivities;
import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.model.certificates.CertificateKinds;
import io.fleetflow.model.certificates.ClusterCsr;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.certificates.CertificateSigningRequestWorkflow;
import io.fleetflow.workflows.certificates.ClusterRequests;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub's registration policy at work: join requests that expire, and auto-approval rules. */
class RegistrationPolicyWorkflowTest {
  private static final RegistrationPolicy POLICY =
      new RegistrationPolicy(
          Duration.ofHours(2).toSeconds(),
          3,
          List.of(
              new AutoApprovalRule("edge-fleet", List.of(), Map.of("id.k8s.io", "edge-*")),
              new AutoApprovalRule("trusted-agent", List.of("sha256:trusted"), Map.of())));

  private HubTestEnvironment hub;

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void aJoinRequestNobodyDecidesExpiresAndTheClusterIsRemoved() {
    start();
    join("cluster1", "sha256:one");
    hub.env().sleep(Duration.ofSeconds(1));
    String expiresAt =
        stub("cluster1").get().getMetadata().getAnnotations().get(ClusterRegistration.EXPIRES_AT);
    assertThat(Instant.parse(expiresAt))
        .isAfter(Instant.ofEpochMilli(hub.env().currentTimeMillis()).plus(Duration.ofMinutes(119)));

    hub.env().sleep(Duration.ofHours(2).plusMinutes(1));

    assertThat(status("cluster1"))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  @Test
  void aDecisionBeforeTheDeadlineStopsTheExpiry() {
    start();
    join("cluster1", "sha256:one");
    hub.env().sleep(Duration.ofHours(1));
    accept("cluster1", ADMIN);

    hub.env().sleep(Duration.ofHours(3));

    assertThat(status("cluster1"))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(condition("cluster1", ClusterRegistration.CONDITION_JOIN_PENDING).getReason())
        .isEqualTo("Accepted");
  }

  @Test
  void aRuleOnClaimsAcceptsAMatchingClusterAndRecordsTheRule() {
    start();
    join("edge-7", "sha256:edge7");
    hub.env().sleep(Duration.ofSeconds(2));

    ManagedCluster cluster = stub("edge-7").get();
    assertThat(cluster.getSpec().isHubAcceptsClient()).isTrue();
    assertThat(cluster.getMetadata().getAnnotations())
        .containsKey(ClusterRegistration.AUTO_ACCEPTED_ON);
    Condition accepted = condition("edge-7", ManagedCluster.CONDITION_HUB_ACCEPTED);
    assertThat(accepted.getMessage())
        .contains("system:fleetflow:auto-approval")
        .contains("auto-approval rule \"edge-fleet\"");
    assertThat(condition("edge-7", ManagedCluster.CONDITION_JOINED).getStatus())
        .isEqualTo(Conditions.TRUE);
  }

  @Test
  void aRuleOnIdentityAcceptsThatAgentOnly() {
    start();
    JoinResponse trusted = join("cluster1", "sha256:trusted");
    JoinResponse stranger = join("cluster2", "sha256:stranger");
    hub.env().sleep(Duration.ofSeconds(2));

    // The join is answered after the rules saw it: the matching agent needs no second look.
    assertThat(trusted.accepted()).isTrue();
    assertThat(trusted.message()).isEqualTo("accepted by the hub");
    assertThat(stranger.accepted()).isFalse();
    assertThat(stub("cluster1").get().getSpec().isHubAcceptsClient()).isTrue();
    assertThat(stub("cluster2").get().getSpec().isHubAcceptsClient()).isFalse();
  }

  @Test
  void aDenialOfAnAutoApprovedClusterSticksWhenItsAgentJoinsAgain() {
    start();
    join("edge-7", "sha256:edge7");
    hub.env().sleep(Duration.ofSeconds(2));
    ManagedCluster deny = stub("edge-7").get();
    deny.getMetadata().setResourceVersion(null);
    deny.getSpec().setHubAcceptsClient(false);
    stub("edge-7").apply(deny, new Actor("admin", List.of(Roles.ADMINS), "not this one"));

    JoinResponse again = join("edge-7", "sha256:edge7");
    hub.env().sleep(Duration.ofSeconds(2));

    assertThat(again.accepted()).isFalse();
    assertThat(stub("edge-7").get().getSpec().isHubAcceptsClient()).isFalse();
    assertThat(condition("edge-7", ManagedCluster.CONDITION_HUB_ACCEPTED).getReason())
        .isEqualTo("HubClusterAdminDenied");
  }

  @Test
  void aClusterAcceptedByARuleWhileItsCertificateRequestIsStoredHasTheRequestApproved() {
    start();
    // Storing the request takes a while, as it does on a busy hub: long enough for the rule to
    // accept the cluster meanwhile.
    when(hub.certificates().submit(any()))
        .thenAnswer(
            stored -> {
              Thread.sleep(1_500);
              return "edge-7-request";
            });
    String csr = ClusterRequests.agentRequest("edge-7");

    JoinResponse joined =
        hub.join(
            new JoinRequest(
                "edge-7",
                ClusterCsr.parse(csr, "edge-7").fingerprint(),
                new io.fleetflow.activities.agent.ClusterInfo(
                    "v1.32.0", Map.of(), Map.of(), Map.of("id.k8s.io", "edge-7")),
                List.of(),
                csr,
                null));
    hub.env().sleep(Duration.ofSeconds(2));

    assertThat(stub("edge-7").get().getSpec().isHubAcceptsClient()).isTrue();
    assertThat(joined.certificateRequest()).isEqualTo("edge-7-request");
    // Either the request was stored as already accepted, or it was told of the acceptance: an
    // agent whose request hears neither waits for its certificate forever.
    boolean storedAccepted =
        mockingDetails(hub.certificates()).getInvocations().stream()
            .filter(i -> i.getMethod().getName().equals("submit"))
            .map(i -> (CertificateActivities.Submission) i.getArgument(0))
            .anyMatch(CertificateActivities.Submission::renewal);
    assertThat(storedAccepted || signalled("edge-7", "edge-7-request"))
        .as("the certificate request of an auto-approved cluster is approved")
        .isTrue();
  }

  private boolean signalled(String cluster, String request) {
    String target = CertificateKinds.CERTIFICATE_SIGNING_REQUEST.workflowId(null, request);
    return hub
        .client()
        .fetchHistory(WorkflowStub.fromTyped(stub(cluster)).getExecution().getWorkflowId())
        .getEvents()
        .stream()
        .filter(HistoryEvent::hasSignalExternalWorkflowExecutionInitiatedEventAttributes)
        .map(e -> e.getSignalExternalWorkflowExecutionInitiatedEventAttributes())
        .anyMatch(
            a ->
                a.getWorkflowExecution().getWorkflowId().equals(target)
                    && a.getSignalName()
                        .equals(CertificateSigningRequestWorkflow.CLUSTER_ACCEPTED));
  }

  private void start() {
    hub = new HubTestEnvironment(POLICY);
    for (String cluster : List.of("cluster1", "cluster2", "edge-7")) {
      AgentActivities agent = hub.agentFor(cluster);
      when(agent.describeCluster()).thenReturn(Fixtures.clusterInfo(cluster));
    }
    hub.start();
  }

  private JoinResponse join(String name, String identity) {
    return hub.join(
        new JoinRequest(
            name,
            identity,
            new io.fleetflow.activities.agent.ClusterInfo(
                "v1.32.0", Map.of(), Map.of(), Map.of("id.k8s.io", name)),
            List.of()));
  }

  private void accept(String name, Actor actor) {
    ManagedCluster proposed = stub(name).get();
    proposed.getMetadata().setResourceVersion(null);
    proposed.getSpec().setHubAcceptsClient(true);
    stub(name).apply(proposed, actor);
  }

  private Condition condition(String name, String type) {
    return Conditions.find(stub(name).get().getStatus().getConditions(), type).orElseThrow();
  }

  private WorkflowExecutionStatus status(String name) {
    return WorkflowStub.fromTyped(stub(name)).describe().getStatus();
  }

  private ManagedClusterWorkflow stub(String name) {
    return hub.cluster(name);
  }
}
