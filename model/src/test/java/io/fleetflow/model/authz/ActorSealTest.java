package io.fleetflow.model.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.model.meta.Voucher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A voucher is believed only with the key's signature, for its own object, before it expires; any
 * change to the actor or the voucher breaks it.
 */
class ActorSealTest {
  private static final String CLUSTER1 = "ManagedCluster/cluster1";
  private static final long NOW = 1_700_000_000_000L;
  private static final ActorSeal SEAL = new ActorSeal(new byte[32]);
  private static final String ACCEPT =
      "update register.open-cluster-management.io/managedclusters/accept /cluster1";
  private static final Actor ARNE = new Actor("arne", List.of(Roles.APPROVERS), "looks fine");

  @Test
  void aVouchedActorIsBelievedForItsObjectUntilItExpires() {
    Actor vouched = SEAL.vouch(ARNE, Set.of(ACCEPT), CLUSTER1, NOW + 1000);

    assertThat(vouched.voucher().grants()).containsExactly(ACCEPT);
    assertThat(vouched.voucher().allows(ACCEPT)).isTrue();
    assertThat(
            vouched
                .voucher()
                .allows("delete cluster.open-cluster-management.io/managedclusters /cluster1"))
        .isFalse();
    assertThat(SEAL.refusal(vouched, CLUSTER1, NOW)).isEmpty();
    assertThat(SEAL.refusal(vouched, CLUSTER1, NOW + 1001)).get().asString().contains("expired");
    assertThat(SEAL.refusal(vouched, "ManagedCluster/cluster2", NOW))
        .get()
        .asString()
        .contains("is for ManagedCluster/cluster1");
  }

  @Test
  void anActorWithoutAVoucherIsNotBelieved() {
    assertThat(SEAL.refusal(new Actor("mallory", List.of(Roles.ADMINS), null), CLUSTER1, NOW))
        .get()
        .asString()
        .contains("no voucher");
  }

  @Test
  void changingTheActorOrTheVoucherBreaksTheSignature() {
    Actor vouched = SEAL.vouch(ARNE, Set.of(ACCEPT), CLUSTER1, NOW + 1000);
    Voucher voucher = vouched.voucher();

    Actor promoted = new Actor("arne", List.of(Roles.ADMINS), "looks fine", voucher);
    Actor widened =
        vouched.vouched(
            new Voucher(
                Set.of(ACCEPT, Voucher.ALL),
                voucher.target(),
                voucher.expiresAt(),
                voucher.signature()));
    Actor prolonged =
        vouched.vouched(
            new Voucher(voucher.grants(), voucher.target(), NOW + 999_999, voucher.signature()));
    Actor impostor = new Actor("arnie", List.of(Roles.APPROVERS), "looks fine", voucher);

    for (Actor forged : List.of(promoted, widened, prolonged, impostor)) {
      assertThat(SEAL.refusal(forged, CLUSTER1, NOW)).get().asString().contains("not valid");
    }
  }

  @Test
  void aVoucherFromAnotherKeyIsNotBelieved() {
    byte[] other = new byte[32];
    other[0] = 1;
    Actor vouched = new ActorSeal(other).vouch(ARNE, Set.of(ACCEPT), CLUSTER1, NOW + 1000);

    assertThat(SEAL.refusal(vouched, CLUSTER1, NOW)).get().asString().contains("not valid");
  }

  @Test
  void aKeyFileHoldsANewRandomKeyInBase64(@TempDir Path dir) throws Exception {
    String key = ActorSeal.newKey();
    assertThat(Base64.getDecoder().decode(key)).hasSize(32);
    assertThat(key).isNotEqualTo(ActorSeal.newKey());
    Path file = dir.resolve("actor-key");
    Files.writeString(file, key + "\n");

    Actor vouched = ActorSeal.fromFile(file).vouch(ARNE, Set.of(), CLUSTER1, NOW + 1000);
    assertThat(ActorSeal.fromFile(file).refusal(vouched, CLUSTER1, NOW)).isEmpty();
  }
}
