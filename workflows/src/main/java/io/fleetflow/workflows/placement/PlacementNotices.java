package io.fleetflow.workflows.placement;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.activities.hub.PlacementActivities;
import io.fleetflow.activities.hub.PlacementActivities.PlacementMemo;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterStatus.ClusterClaim;
import io.fleetflow.workflows.entity.HubStubs;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Tells the running placements when an object they depend on (a cluster, a set, a binding, a score)
 * changed in a way that matters to them, so placements re-schedule within seconds without polling.
 * Lives in the depending object's workflow instance; a new run tells once more.
 */
public final class PlacementNotices {
  /**
   * The change that introduced the notices: executions that started before it never send them when
   * replayed.
   */
  static final String CHANGE_ID = "notify-placements";

  private String lastFingerprint;

  /**
   * Notifies the placements when {@code fingerprint} (what placements see of the object) differs
   * from the last one told.
   *
   * @param what names the object in the placements' reasons, such as {@code ManagedCluster c1}
   */
  public void afterChange(String what, String fingerprint) {
    if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    if (Objects.equals(fingerprint, lastFingerprint)) {
      return;
    }
    lastFingerprint = fingerprint;
    try {
      stub("tell the placements that " + what + " changed").notifyPlacements(what + " changed");
    } catch (io.temporal.failure.ActivityFailure e) {
      // Placements also resync on their own; a lost notice delays them, it does not stop this
      // object's workflow.
      Workflow.getLogger(PlacementNotices.class).warn("placements not told of {}", what, e);
    }
  }

  /**
   * Keeps what placements see of a cluster in its workflow's memo ({@link
   * PlacementActivities#MEMO}) and notifies the placements, when it changed: acceptance, deletion,
   * labels, claims, taints (which carry its availability) and allocatable resources.
   */
  public void afterClusterChange(ManagedCluster cluster) {
    if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    PlacementMemo memo =
        new PlacementMemo(
            cluster.getSpec().isHubAcceptsClient()
                && cluster.getMetadata().getDeletionTimestamp() == null,
            facts(cluster));
    String fingerprint = memo.toString();
    if (!fingerprint.equals(lastFingerprint)) {
      Workflow.upsertMemo(Map.of(PlacementActivities.MEMO, memo));
    }
    afterChange("ManagedCluster " + cluster.getMetadata().getName(), fingerprint);
  }

  /** Returns what the scheduler knows of a cluster. */
  public static ClusterFacts facts(ManagedCluster cluster) {
    Map<String, String> claims = new TreeMap<>();
    for (ClusterClaim claim : cluster.getStatus().getClusterClaims()) {
      claims.put(claim.name(), claim.value());
    }
    Map<String, String> labels = cluster.getMetadata().getLabels();
    Map<String, String> allocatable = cluster.getStatus().getAllocatable();
    return new ClusterFacts(
        cluster.getMetadata().getName(),
        labels == null ? Map.of() : new TreeMap<>(labels),
        claims,
        List.copyOf(cluster.getSpec().getTaints()),
        allocatable == null ? Map.of() : new TreeMap<>(allocatable));
  }

  /** What placements see of a set, binding or score: any change of it, and its deletion. */
  public static String fingerprint(HasMetadata object) {
    return object.getMetadata().getResourceVersion()
        + "|"
        + object.getMetadata().getDeletionTimestamp();
  }

  private static PlacementActivities stub(String summary) {
    return Workflow.newActivityStub(
        PlacementActivities.class,
        HubStubs.options(summary, Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
            .build());
  }
}
