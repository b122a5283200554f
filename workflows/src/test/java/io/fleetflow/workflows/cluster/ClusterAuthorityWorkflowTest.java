package io.fleetflow.workflows.cluster;

import static io.fleetflow.workflows.Refusals.assertForbidden;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.model.authz.ActorSeal;
import io.fleetflow.model.authz.AuthorizationPolicy;
import io.fleetflow.model.authz.DefaultPolicy;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.model.patch.PatchType;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.Refusals;
import io.fleetflow.workflows.entity.EntityAuthority;
import io.fleetflow.workflows.entity.EntityFailures;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ManagedCluster's workflow judges who may make a change itself, from the actor the gateway
 * vouches for, so a Temporal client that skips the gateway cannot accept a cluster: accepting needs
 * an approver or admin whether it comes as a replacement or a patch, a patch applies to the cluster
 * as it is (two label patches made from one read both take effect), and a stale resourceVersion is
 * a conflict.
 */
class ClusterAuthorityWorkflowTest {
  private static final ActorSeal SEAL =
      new ActorSeal("cluster-authority-test-key-32-bytes".getBytes());
  private static final String TARGET = "ManagedCluster/cluster1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HubTestEnvironment hub;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment(new RegistrationPolicy(3600, 3, List.of()));
    hub.start();
    EntityAuthority.install(SEAL);
    hub.join(Fixtures.join("cluster1", "sha256:one"));
  }

  @AfterEach
  void stopHub() {
    EntityAuthority.install(null);
    hub.close();
  }

  @Test
  void anOperatorMayNotAcceptAClusterByReplacementOrByPatch() {
    Actor operator = vouched("olga", Roles.OPERATORS);
    ManagedCluster accepted = cluster();
    accepted.getMetadata().setResourceVersion(null);
    accepted.getSpec().setHubAcceptsClient(true);

    assertForbidden(
        () -> hub.cluster("cluster1").apply(accepted, operator),
        "User \"olga\" cannot update resource \"managedclusters/accept\"");
    assertForbidden(
        () ->
            hub.cluster("cluster1")
                .patch(merge("{\"spec\":{\"hubAcceptsClient\":true}}"), operator),
        "cannot update resource \"managedclusters/accept\"");

    assertThat(cluster().getSpec().isHubAcceptsClient()).isFalse();
  }

  @Test
  void anAdminWhoseActorTheGatewayDidNotVouchForIsRefused() {
    Actor forged = new Actor("mallory", List.of(Roles.ADMINS), null);

    assertForbidden(
        () ->
            hub.cluster("cluster1").patch(merge("{\"spec\":{\"hubAcceptsClient\":true}}"), forged),
        "no voucher");
    assertThat(cluster().getSpec().isHubAcceptsClient()).isFalse();
  }

  @Test
  void anApproversPatchAcceptsAndIsRecordedAsTheirDecision() {
    hub.cluster("cluster1")
        .patch(merge("{\"spec\":{\"hubAcceptsClient\":true}}"), vouched("arne", Roles.APPROVERS));

    ManagedCluster now = cluster();
    assertThat(now.getSpec().isHubAcceptsClient()).isTrue();
    assertThat(
            Conditions.find(now.getStatus().getConditions(), ManagedCluster.CONDITION_HUB_ACCEPTED)
                .orElseThrow()
                .getMessage())
        .startsWith("Accepted by arne");
  }

  @Test
  void twoLabelPatchesMadeFromOneReadBothTakeEffectAndAStaleVersionConflicts() {
    String readVersion = cluster().getMetadata().getResourceVersion();
    Actor operator = vouched("olga", Roles.OPERATORS);

    hub.cluster("cluster1").patch(merge("{\"metadata\":{\"labels\":{\"a\":\"1\"}}}"), operator);
    hub.cluster("cluster1").patch(merge("{\"metadata\":{\"labels\":{\"b\":\"2\"}}}"), operator);

    assertThat(cluster().getMetadata().getLabels()).containsEntry("a", "1").containsEntry("b", "2");
    Refusals.assertRefused(
        () ->
            hub.cluster("cluster1")
                .patch(
                    merge(
                        "{\"metadata\":{\"resourceVersion\":\""
                            + readVersion
                            + "\",\"labels\":{\"c\":\"3\"}}}"),
                    operator),
        EntityFailures.CONFLICT,
        "the object has been modified");
    assertThat(cluster().getMetadata().getLabels()).doesNotContainKey("c");
  }

  @Test
  void aViewerMayNotDeleteTheCluster() {
    assertForbidden(
        () -> hub.cluster("cluster1").delete(vouched("vic", Roles.VIEWERS)),
        "User \"vic\" cannot delete resource \"managedclusters\"");
    assertThat(cluster().getMetadata().getDeletionTimestamp()).isNull();
  }

  private ManagedCluster cluster() {
    return hub.cluster("cluster1").get();
  }

  private Actor vouched(String user, String group) {
    Actor actor = new Actor(user, List.of(group), null);
    return SEAL.vouch(
        actor,
        AuthorizationPolicy.grantsOn(TARGET, actor.user(), actor.groups(), DefaultPolicy.policy()),
        TARGET,
        hub.env().currentTimeMillis() + 60_000);
  }

  private static Patch merge(String document) {
    try {
      return new Patch(PatchType.MERGE, JSON.readTree(document));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
