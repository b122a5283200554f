package io.fleetflow.workflows.placement;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.activities.hub.PlacementActivities;
import io.fleetflow.activities.hub.PlacementActivities.PlacementMemo;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterStatus.ClusterClaim;
import io.fleetflow.workflows.entity.HubStubs;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Async;
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
 *
 * <p>Since {@value #IN_BACKGROUND_ID}, a notice goes out from a workflow thread of its own while
 * the object's workflow goes on (a cluster's join goes on to its approval without waiting for the
 * placements' round trip); notices made while one is on its way collapse into one, sent after it.
 * The notice of an object's deletion is still awaited, so that it is out before the workflow ends;
 * a notice left on its way by a continue-as-new is told again by the new run, which starts with no
 * notice told.
 */
public final class PlacementNotices {
  /**
   * The change that introduced the notices: executions that started before it never send them when
   * replayed.
   */
  static final String CHANGE_ID = "notify-placements";

  /** The change that sends notices in the background; executions before it await each one. */
  static final String IN_BACKGROUND_ID = "notify-placements-in-background";

  private String lastFingerprint;
  private String queued;
  private boolean sending;

  /**
   * Notifies the placements when what they see of a set, binding or score (any change of it, and
   * its deletion) differs from what was last told.
   *
   * @param what names the object in the placements' reasons, such as {@code ManagedClusterSet prod}
   */
  public void afterChange(String what, HasMetadata object) {
    if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    notice(what, fingerprint(object), deleting(object));
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
    PlacementMemo memo = new PlacementMemo(selectable(cluster), facts(cluster));
    String fingerprint = memo.toString();
    if (!fingerprint.equals(lastFingerprint)) {
      Workflow.upsertMemo(Map.of(PlacementActivities.MEMO, memo));
    }
    notice("ManagedCluster " + cluster.getMetadata().getName(), fingerprint, deleting(cluster));
  }

  private void notice(String what, String fingerprint, boolean deleting) {
    if (Objects.equals(fingerprint, lastFingerprint)) {
      return;
    }
    lastFingerprint = fingerprint;
    if (deleting
        || Workflow.getVersion(IN_BACKGROUND_ID, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      tell(what);
      return;
    }
    queued = what;
    if (!sending) {
      sending = true;
      Async.procedure(
          () -> {
            while (queued != null) {
              String next = queued;
              queued = null;
              tell(next);
            }
            sending = false;
          });
    }
  }

  private static void tell(String what) {
    try {
      stub("tell the placements that " + what + " changed").notifyPlacements(what + " changed");
    } catch (io.temporal.failure.ActivityFailure e) {
      // Placements also resync on their own; a lost notice delays them, it does not stop this
      // object's workflow.
      Workflow.getLogger(PlacementNotices.class).warn("placements not told of {}", what, e);
    }
  }

  private static boolean deleting(HasMetadata object) {
    return object.getMetadata().getDeletionTimestamp() != null;
  }

  /** Whether placements may select the cluster: the hub accepts it and it is not being deleted. */
  public static boolean selectable(ManagedCluster cluster) {
    return cluster.getSpec().isHubAcceptsClient() && !deleting(cluster);
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
  static String fingerprint(HasMetadata object) {
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
