package io.fleetflow.workflows.placement;

import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.model.placement.PlacementKinds;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

/** Implements {@link AddOnPlacementScoreWorkflow}. */
public class AddOnPlacementScoreWorkflowImpl extends ReconciledEntityWorkflow<AddOnPlacementScore>
    implements AddOnPlacementScoreWorkflow {
  private final PlacementNotices placementNotices = new PlacementNotices();

  /**
   * The change that lets an idle score sleep. Its status changes only by its add-on agent's writes,
   * which wake the workflow, and a placement schedules again by itself when a score's {@code
   * validUntil} passes ({@code SchedulingResult.nextExpiry}), so waking every {@link #RESYNC} found
   * nothing to do: a timer and a workflow task every 20 s for each score, one per cluster and
   * add-on. Executions from before it keep waking so.
   */
  static final String SLEEP_WHEN_IDLE = "score-sleeps-when-idle";

  /** How long an idle score sleeps; the reconcile is idempotent, so a day costs nothing. */
  static final Duration IDLE = Duration.ofDays(1);

  private AddOnPlacementScore score;

  @WorkflowInit
  public AddOnPlacementScoreWorkflowImpl(AddOnPlacementScore carried) {
    super(
        PlacementKinds.ADD_ON_PLACEMENT_SCORE,
        object -> object.setStatus(new AddOnPlacementScore.Status()));
    this.score = carried;
  }

  @Override
  public void run(AddOnPlacementScore carried) {
    runLife(score);
  }

  @Override
  public AddOnPlacementScore create(AddOnPlacementScore proposed, Actor actor) {
    AddOnPlacementScore.Status sent = proposed.getStatus();
    AddOnPlacementScore created = super.create(proposed, actor);
    created.setStatus(sent == null ? new AddOnPlacementScore.Status() : sent);
    return created;
  }

  @Override
  public AddOnPlacementScore apply(AddOnPlacementScore proposed, Actor actor) {
    AddOnPlacementScore applied = super.apply(proposed, actor);
    if (proposed.getStatus() != null) {
      applied.setStatus(proposed.getStatus());
      ObjectChanges.bump(applied);
    }
    return applied;
  }

  @Override
  protected void reconcile(Instant now) {
    Workflow.setCurrentDetails(
        "**"
            + score.getMetadata().getNamespace()
            + "/"
            + score.getMetadata().getName()
            + "**: "
            + score.getStatus().getScores().stream()
                .map(s -> s.name() + "=" + s.value())
                .collect(Collectors.joining(", "))
            + (score.getStatus().getValidUntil() == null
                ? ""
                : " (valid until " + score.getStatus().getValidUntil() + ")"));
  }

  @Override
  protected Wake nextWake() {
    return quieterSince(
        SLEEP_WHEN_IDLE, IDLE, "nothing to do: the add-on agent's writes wake the score");
  }

  /** Placements that use the score re-schedule when it changes. */
  @Override
  protected void afterReconcile() {
    placementNotices.afterChange(
        "AddOnPlacementScore "
            + score.getMetadata().getNamespace()
            + "/"
            + score.getMetadata().getName(),
        score);
  }

  @Override
  protected AddOnPlacementScore object() {
    return score;
  }

  @Override
  protected void object(AddOnPlacementScore object) {
    this.score = object;
  }
}
