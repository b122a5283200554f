package io.fleetflow.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.model.authz.ActorSeal;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Permission;
import io.fleetflow.model.meta.Roles;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every actor a vouching client sends gets a voucher for the one workflow it goes to: a caller's
 * groups at the gateway, everything for the hub's own actors; other arguments stay as they are.
 */
class VouchingTest {
  private static final ActorSeal SEAL = new ActorSeal(new byte[32]);
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);
  private static final Actor OLGA = new Actor("olga", List.of(Roles.OPERATORS), "relabel");

  @Test
  void theGatewayVouchesForWhatTheCallersGroupsAllowOnTheTargetOnly() {
    Vouching gateway = new Vouching(SEAL, a -> Roles.permissions(a.groups()), CLOCK);

    Object[] sent = gateway.vouch("ManagedCluster/c1", new Object[] {"body", OLGA});

    assertThat(sent[0]).isEqualTo("body");
    Actor vouched = (Actor) sent[1];
    assertThat(vouched.voucher().permissions())
        .containsExactlyInAnyOrder(Permission.READ, Permission.CHANGE);
    assertThat(vouched.voucher().expiresAt()).isEqualTo(1_000_000 + Vouching.VALIDITY.toMillis());
    assertThat(SEAL.refusal(vouched, "ManagedCluster/c1", 1_000_000)).isEmpty();
    assertThat(SEAL.refusal(vouched, "ManagedCluster/c2", 1_000_000)).isPresent();
  }

  @Test
  void theHubVouchesForItsOwnActorsWithEveryPermissionAndForOthersByGroups() {
    Vouching hub = Vouching.asHub(SEAL);

    Actor system =
        (Actor) hub.vouch("ManifestWork/c1/w", new Object[] {Actor.system("rollout", "r")})[0];
    Actor passedOn = (Actor) hub.vouch("ManifestWork/c1/w", new Object[] {OLGA})[0];

    assertThat(system.voucher().permissions()).containsExactlyInAnyOrder(Permission.values());
    assertThat(passedOn.voucher().permissions())
        .containsExactlyInAnyOrder(Permission.READ, Permission.CHANGE);
  }

  @Test
  void theGatewayGivesNoExtraRightsToAUserNamedLikeTheHub() {
    Actor pretender = new Actor("system:fleetflow:hub", List.of(Roles.VIEWERS), null);

    Actor vouched = (Actor) Vouching.asGateway(SEAL).vouch("X/y", new Object[] {pretender})[0];

    assertThat(vouched.voucher().permissions()).containsExactly(Permission.READ);
  }
}
