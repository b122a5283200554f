package io.fleetflow.hub.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.activities.agent.ApplyResult;
import io.fleetflow.activities.agent.ResourceResult;
import io.fleetflow.model.rollout.ClusterRolloutState;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.fleetflow.security.codec.PayloadEncryption;
import io.fleetflow.security.codec.PayloadKeyRing;
import io.fleetflow.workflows.rollout.ClusterRollout;
import io.fleetflow.workflows.rollout.HeldWork;
import io.fleetflow.workflows.rollout.ManifestWorkReplicaSetState;
import io.fleetflow.workflows.work.WorkConditions;
import io.fleetflow.workflows.work.WorkOwners.StatusReport;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A replica set that holds a thousand clusters' works carries their state across continue-as-new as
 * one payload, which Temporal refuses past 2 MB: with the hub's data converter it fits, plain or
 * encrypted, where Temporal's standard one does not.
 */
class HeldWorksStateSizeTest {
  /** Temporal's default limit for one payload (the server's limit.blobSize.error). */
  private static final int TEMPORAL_LIMIT = 2 * 1024 * 1024;

  private static final int CLUSTERS = 1000;

  @Test
  void theStateOfAThousandHeldWorksContinuesAsNewUnderTemporalsLimit() {
    ManifestWorkReplicaSetState state = thousandHeldWorks();

    int standard = size(DefaultDataConverter.STANDARD_INSTANCE, state);
    int plain = size(PayloadEncryption.dataConverter(null, "test"), state);
    int encrypted = size(PayloadEncryption.dataConverter(ring()), state);

    assertThat(standard).as("uncompressed, the state is too large").isGreaterThan(TEMPORAL_LIMIT);
    assertThat(plain).as("plain, compressed").isLessThan(TEMPORAL_LIMIT / 4);
    assertThat(encrypted).as("compressed, then encrypted").isLessThan(TEMPORAL_LIMIT / 4);
    ManifestWorkReplicaSetState back =
        PayloadEncryption.dataConverter(ring())
            .fromPayload(
                PayloadEncryption.dataConverter(ring()).toPayload(state).orElseThrow(),
                ManifestWorkReplicaSetState.class,
                ManifestWorkReplicaSetState.class);
    assertThat(back.clusters).hasSize(CLUSTERS);
    assertThat(back.clusters.get("cluster-0042").held.appliedUids)
        .isEqualTo(state.clusters.get("cluster-0042").held.appliedUids);
  }

  private static int size(DataConverter converter, Object value) {
    Payload payload = converter.toPayload(value).orElseThrow();
    return payload.getSerializedSize();
  }

  private static PayloadKeyRing ring() {
    byte[] key = new byte[32];
    new Random(7).nextBytes(key);
    return PayloadKeyRing.parse(
        "k1=" + Base64.getEncoder().encodeToString(key) + "\nactive=k1", "test ring");
  }

  /** The state a rollout of one two-ConfigMap work to a thousand clusters leaves. */
  private static ManifestWorkReplicaSetState thousandHeldWorks() {
    ManifestWorkReplicaSetState state = new ManifestWorkReplicaSetState();
    state.holdsWorks = true;
    state.revision = 1;
    Random random = new Random(42);
    Instant now = Instant.parse("2026-12-08T01:00:00Z");
    for (int i = 0; i < CLUSTERS; i++) {
      String cluster = "cluster-%04d".formatted(i);
      HeldWork held = new HeldWork();
      held.uid = uuid(random);
      held.creationTimestamp = now.toString();
      held.generation = 1;
      held.resourceVersion = 2;
      held.revision = 1;
      held.appliedGeneration = 1;
      held.published = true;
      held.labels =
          Map.of(
              "work.open-cluster-management.io/manifestworkreplicaset", "apps.web",
              "work.open-cluster-management.io/placementname", "all");
      List<ResourceResult> results =
          List.of(resource(0, "web-config", random), resource(1, "web-settings", random));
      WorkConditions.apply(held.status, new ApplyResult(results), now, 1);
      for (ResourceResult r : results) {
        held.appliedResources.add(r.meta());
        held.appliedUids.put(r.meta().name(), r.uid());
      }
      ClusterRollout rollout = new ClusterRollout();
      rollout.placement = "all";
      rollout.state = ClusterRolloutState.SUCCEEDED;
      rollout.sinceMillis = now.toEpochMilli();
      rollout.revision = 1;
      rollout.generation = 1;
      rollout.message = "the work is applied and available";
      rollout.lastReport = new StatusReport(cluster, "web", 1, held.status.getConditions(), false);
      rollout.held = held;
      state.clusters.put(cluster, rollout);
    }
    return state;
  }

  private static ResourceResult resource(int ordinal, String name, Random random) {
    return new ResourceResult(
        new ResourceMeta(ordinal, "", "v1", "ConfigMap", "configmaps", name, "default"),
        uuid(random),
        true,
        true,
        "AppliedManifestComplete",
        "Apply manifest complete");
  }

  private static String uuid(Random random) {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }
}
