package io.fleetflow.workflows.placement;

import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.model.placement.PlacementKinds;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.stream.Collectors;

/** Implements {@link AddOnPlacementScoreWorkflow}. */
public class AddOnPlacementScoreWorkflowImpl extends ReconciledEntityWorkflow<AddOnPlacementScore>
    implements AddOnPlacementScoreWorkflow {
  private final PlacementNotices placementNotices = new PlacementNotices();
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
