package io.fleetflow.workflows.takeover;

import io.fleetflow.activities.hub.TakeoverActivities;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.model.takeover.ClusterTakeoverProfileStatus;
import io.fleetflow.model.takeover.TakeoverProfileKinds;
import io.fleetflow.workflows.entity.HubStubs;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Implements {@link ClusterTakeoverProfileWorkflow}. */
public class ClusterTakeoverProfileWorkflowImpl
    extends ReconciledEntityWorkflow<ClusterTakeoverProfile>
    implements ClusterTakeoverProfileWorkflow {
  /**
   * The change that lets an idle profile sleep: its re-check every {@link #RESYNC} found nothing to
   * do (a change or a deletion wakes it at once), and cost a timer and a workflow task each time.
   * Executions from before it wake every 20 s.
   */
  static final String SLEEP_WHEN_IDLE = "profile-sleeps-when-idle";

  /** How long an idle profile sleeps when nothing changes. */
  static final Duration IDLE_WAKE = Duration.ofDays(1);

  private ClusterTakeoverProfile profile;

  @WorkflowInit
  public ClusterTakeoverProfileWorkflowImpl(ClusterTakeoverProfile carried) {
    super(
        TakeoverProfileKinds.CLUSTER_TAKEOVER_PROFILE,
        object -> object.setStatus(new ClusterTakeoverProfileStatus()));
    this.profile = carried;
  }

  @Override
  public void run(ClusterTakeoverProfile carried) {
    runLife(profile);
  }

  /**
   * Tells the clusters about a generation they have not heard of, and about the deletion; the
   * periodic re-checks in between cost nothing.
   */
  @Override
  protected void reconcile(Instant now) {
    ClusterTakeoverProfileStatus status = profile.getStatus();
    long generation = profile.getMetadata().getGeneration();
    boolean deleting = profile.getMetadata().getDeletionTimestamp() != null;
    if (!deleting && Objects.equals(status.getObservedGeneration(), generation)) {
      return;
    }
    if (!ClusterTakeoverProfile.DEFAULT.equals(name())) {
      status.setObservedGeneration(generation);
      setCondition(
          status.getConditions(),
          ClusterTakeoverProfile.CONDITION_NOTIFIED,
          Conditions.FALSE,
          "NotInUse",
          "The hub installs only the profile named \""
              + ClusterTakeoverProfile.DEFAULT
              + "\"; this one is kept but not rolled out");
      return;
    }
    int told =
        HubStubs.of(
                TakeoverActivities.class,
                (deleting ? "tell every cluster that profile " : "roll out profile ")
                    + name()
                    + (deleting ? " is deleted" : " generation " + generation)
                    + " to every ManagedCluster",
                Duration.ofMinutes(2))
            .notifyClusters(generation);
    status.setObservedGeneration(generation);
    status.setNotifiedClusters(told);
    ObjectChanges.bump(profile);
    setCondition(
        status.getConditions(),
        ClusterTakeoverProfile.CONDITION_NOTIFIED,
        Conditions.TRUE,
        deleting ? "ProfileDeleted" : "GenerationNotified",
        told
            + " ManagedClusters were told to install generation "
            + generation
            + "; each shows its own progress in its fleetflow.io/TakenOver condition");
    Workflow.setCurrentDetails(
        "**" + name() + "**: generation " + generation + " sent to " + told + " clusters");
  }

  @Override
  protected Wake nextWake() {
    return quieterSince(SLEEP_WHEN_IDLE, IDLE_WAKE, "sleep until profile " + name() + " changes");
  }

  private String name() {
    return profile.getMetadata().getName();
  }

  @Override
  protected ClusterTakeoverProfile object() {
    return profile;
  }

  @Override
  protected void object(ClusterTakeoverProfile object) {
    this.profile = object;
  }
}
