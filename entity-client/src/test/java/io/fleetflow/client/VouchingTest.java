package io.fleetflow.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.model.authz.ActorSeal;
import io.fleetflow.model.authz.DefaultPolicy;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.model.meta.Voucher;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every actor a vouching client sends carries a voucher for the one workflow it goes to: the one
 * the gateway made for the request, everything for the hub's own actors, and what RBAC allows on
 * the target for a user's change the hub carries on; other arguments stay as they are.
 */
class VouchingTest {
  private static final ActorSeal SEAL = new ActorSeal(new byte[32]);
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);
  private static final Actor OLGA = new Actor("olga", List.of(Roles.OPERATORS), "relabel");
  private static final String RELABEL =
      "update cluster.open-cluster-management.io/managedclusters /c1";

  @Test
  void theGatewaysVoucherForTheRequestGoesAsItIsToItsTargetOnly() {
    Vouching gateway = new Vouching(SEAL, (actor, target) -> Set.of(), CLOCK);
    Actor forRequest = gateway.forRequest(OLGA, "ManagedCluster/c1", Set.of(RELABEL));

    Object[] sent = gateway.vouch("ManagedCluster/c1", new Object[] {"body", forRequest});
    Actor elsewhere = (Actor) gateway.vouch("ManagedCluster/c2", new Object[] {forRequest})[0];

    assertThat(sent[0]).isEqualTo("body");
    Actor vouched = (Actor) sent[1];
    assertThat(vouched.voucher().grants()).containsExactly(RELABEL);
    assertThat(vouched.voucher().expiresAt()).isEqualTo(1_000_000 + Vouching.VALIDITY.toMillis());
    assertThat(SEAL.refusal(vouched, "ManagedCluster/c1", 1_000_000)).isEmpty();
    assertThat(elsewhere.voucher().grants()).isEmpty();
  }

  @Test
  void theHubVouchesForItsOwnActorsWithEverythingAndForOthersByRbac() {
    Vouching hub = Vouching.asHub(SEAL, DefaultPolicy::policy);

    Actor system =
        (Actor) hub.vouch("ManagedCluster/c1", new Object[] {Actor.system("rollout", "r")})[0];
    Actor passedOn = (Actor) hub.vouch("ManagedCluster/c1", new Object[] {OLGA})[0];

    assertThat(system.voucher().grants()).containsExactly(Voucher.ALL);
    assertThat(passedOn.voucher().allows(RELABEL)).isTrue();
    assertThat(
            passedOn
                .voucher()
                .allows("update register.open-cluster-management.io/managedclusters/accept /c1"))
        .isFalse();
  }

  @Test
  void theHubGivesNoExtraRightsToAUserNamedLikeItsOwnActorsButNotOneOfThem() {
    Actor pretender = new Actor("system:fleetflow-hub", List.of(Roles.VIEWERS), null);

    Actor vouched =
        (Actor)
            Vouching.asHub(SEAL, DefaultPolicy::policy)
                .vouch("ManagedCluster/c1", new Object[] {pretender})[0];

    assertThat(vouched.voucher().grants()).isEmpty();
  }
}
