package io.fleetflow.workflows.cluster;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.model.patch.PatchType;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.entity.EntityFailures;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A person denies a pending cluster's join request (as {@code kubectl certificate deny} of its
 * bootstrap request does): the cluster records the denial as OCM does and stops waiting for a
 * decision; only approvers and admins may deny, and a cluster decided on already stays as it is.
 */
class JoinDenialWorkflowTest {
  private static final Actor APPROVER =
      new Actor("arne", List.of(Roles.APPROVERS), "unknown owner");

  private HubTestEnvironment hub;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment(new RegistrationPolicy(60, 3, List.of()));
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void aDeniedPendingClusterRecordsHubClusterAdminDeniedAndNoLongerExpires() {
    hub.join(Fixtures.join("cluster1", "sha256:one"));

    hub.cluster("cluster1").denyJoin(APPROVER);

    Condition accepted = condition(ManagedCluster.CONDITION_HUB_ACCEPTED);
    assertThat(accepted.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(accepted.getReason()).isEqualTo("HubClusterAdminDenied");
    assertThat(accepted.getMessage()).startsWith("Denied by arne at ").endsWith(": unknown owner");
    hub.env().sleep(Duration.ofMinutes(5));
    assertThat(WorkflowStub.fromTyped(hub.cluster("cluster1")).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(hub.cluster("cluster1").get().getSpec().isHubAcceptsClient()).isFalse();
    assertThat(condition(ManagedCluster.CONDITION_HUB_ACCEPTED).getReason())
        .isEqualTo("HubClusterAdminDenied");
  }

  @Test
  void aPatchThatSaysFalseToAPendingClusterIsADenial() throws Exception {
    hub.join(Fixtures.join("cluster1", "sha256:one"));
    Patch deny =
        new Patch(
            PatchType.MERGE,
            new ObjectMapper().readTree("{\"spec\":{\"hubAcceptsClient\":false}}"));

    assertThatThrownBy(
            () ->
                hub.cluster("cluster1")
                    .patch(deny, new Actor("olga", List.of(Roles.OPERATORS), null)))
        .isInstanceOf(WorkflowUpdateException.class);
    assertThat(
            Conditions.find(
                hub.cluster("cluster1").get().getStatus().getConditions(),
                ManagedCluster.CONDITION_HUB_ACCEPTED))
        .isEmpty();

    hub.cluster("cluster1").patch(deny, APPROVER);

    Condition accepted = condition(ManagedCluster.CONDITION_HUB_ACCEPTED);
    assertThat(accepted.getReason()).isEqualTo("HubClusterAdminDenied");
    assertThat(accepted.getMessage()).startsWith("Denied by arne at ");
  }

  @Test
  void aViewerOrOperatorMayNotDeny() {
    hub.join(Fixtures.join("cluster1", "sha256:one"));

    for (String group : List.of(Roles.VIEWERS, Roles.OPERATORS)) {
      Actor actor = new Actor("vic", List.of(group), null);
      assertThatThrownBy(() -> hub.cluster("cluster1").denyJoin(actor))
          .isInstanceOfSatisfying(
              WorkflowUpdateException.class,
              e -> {
                var failure = EntityFailures.find(e).orElseThrow();
                assertThat(failure.getType()).isEqualTo(EntityFailures.FORBIDDEN);
                assertThat(EntityFailures.messageOf(failure))
                    .contains("User \"vic\" cannot update resource \"managedclusters/accept\"");
              });
    }
    assertThat(
            Conditions.find(
                hub.cluster("cluster1").get().getStatus().getConditions(),
                ManagedCluster.CONDITION_HUB_ACCEPTED))
        .isEmpty();
  }

  @Test
  void anAcceptedClusterStaysAcceptedWhenAnOldJoinRequestIsDenied() {
    hub.join(Fixtures.join("cluster1", "sha256:one"));
    ManagedCluster proposed = hub.cluster("cluster1").get();
    proposed.getMetadata().setResourceVersion(null);
    proposed.getSpec().setHubAcceptsClient(true);
    hub.cluster("cluster1").apply(proposed, ADMIN);

    hub.cluster("cluster1").denyJoin(APPROVER);

    assertThat(hub.cluster("cluster1").get().getSpec().isHubAcceptsClient()).isTrue();
    assertThat(condition(ManagedCluster.CONDITION_HUB_ACCEPTED).getStatus())
        .isEqualTo(Conditions.TRUE);
  }

  private Condition condition(String type) {
    return Conditions.find(hub.cluster("cluster1").get().getStatus().getConditions(), type)
        .orElseThrow();
  }
}
