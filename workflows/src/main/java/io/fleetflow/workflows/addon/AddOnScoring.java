package io.fleetflow.workflows.addon;

import io.fleetflow.activities.addon.AddOnActivities;
import io.fleetflow.activities.addon.AddOnAgentActivities;
import io.fleetflow.activities.addon.RenderedAddOn.ScoreProducer;
import io.fleetflow.model.addon.ResourceScores;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.workflows.entity.AgentStubs;
import io.fleetflow.workflows.entity.HubStubs;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fleetflow's built-in score producer of an add-on on one cluster: every period the cluster's agent
 * measures its free resources, and the hub writes the add-on's AddOnPlacementScore when the scores
 * changed or their validity (three periods) is about to lapse, so a steady cluster costs one small
 * activity per period and no write. A collaborator of the add-on's workflow, in workflow code.
 */
final class AddOnScoring {
  private final ManagedClusterAddOnState state;

  AddOnScoring(ManagedClusterAddOnState state) {
    this.state = state;
  }

  /** Measures and publishes when due. */
  void produce(ScoreProducer producer, Instant now) {
    if (now.toEpochMilli() < state.nextScoreAt) {
      return;
    }
    Duration period = Duration.ofSeconds(producer.periodSeconds());
    state.nextScoreAt = now.plus(period).toEpochMilli();
    ResourceScores.FreeResources free;
    try {
      free =
          AgentStubs.forCluster(
                  AddOnAgentActivities.class,
                  cluster(),
                  "measure the free resources of " + cluster(),
                  AgentStubs.PICKUP_TIMEOUT)
              .measureFreeResources();
    } catch (ActivityFailure e) {
      Workflow.getLogger(AddOnScoring.class)
          .info("no scores for {}: {}", cluster(), AgentStubs.describe(e));
      return;
    }
    List<AddOnPlacementScore.Score> scores = ResourceScores.of(free);
    boolean lapsing = state.publishedValidUntil - now.toEpochMilli() < 2 * period.toMillis();
    if (scores.equals(state.publishedScores) && !lapsing) {
      return;
    }
    Instant validUntil = now.plus(period.multipliedBy(3));
    HubStubs.of(
            AddOnActivities.class,
            "publish " + ResourceScores.SCORE_NAME + " of " + cluster() + ": " + describe(scores),
            Duration.ofSeconds(30))
        .publishScore(
            cluster(),
            ResourceScores.SCORE_NAME,
            scores,
            validUntil.toString(),
            Actor.system("addon", "ManagedClusterAddOn " + cluster() + "/" + name()));
    state.publishedScores = scores;
    state.publishedValidUntil = validUntil.toEpochMilli();
  }

  private static String describe(List<AddOnPlacementScore.Score> scores) {
    return String.join(", ", scores.stream().map(s -> s.name() + "=" + s.value()).toList());
  }

  private String name() {
    return state.addOn.getMetadata().getName();
  }

  private String cluster() {
    return state.addOn.getMetadata().getNamespace();
  }
}
