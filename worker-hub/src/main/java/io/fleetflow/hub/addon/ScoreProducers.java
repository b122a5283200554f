package io.fleetflow.hub.addon;

import io.fleetflow.activities.addon.RenderedAddOn.ScoreProducer;
import io.fleetflow.model.addon.ClusterManagementAddOn;
import io.fleetflow.model.addon.ResourceScores;
import io.fleetflow.model.rollout.RolloutValues;
import java.time.Duration;
import java.util.Map;

/** Reads an add-on's built-in score producer from its ClusterManagementAddOn's annotations. */
public final class ScoreProducers {
  /** How often scores are measured when the add-on does not say. */
  public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(1);

  private ScoreProducers() {}

  /** The producer the add-on names, or null when it names none (or one Fleetflow lacks). */
  public static ScoreProducer of(ClusterManagementAddOn addOn) {
    Map<String, String> annotations = addOn.getMetadata().getAnnotations();
    String name =
        annotations == null ? null : annotations.get(ClusterManagementAddOn.SCORE_PRODUCER);
    if (!ResourceScores.SCORE_NAME.equals(name)) {
      return null;
    }
    Duration period = DEFAULT_PERIOD;
    String text = annotations.get(ClusterManagementAddOn.SCORE_PERIOD);
    if (text != null) {
      try {
        period = RolloutValues.duration(text).filter(d -> !d.isZero()).orElse(DEFAULT_PERIOD);
      } catch (IllegalArgumentException e) {
        // The validator refuses a bad period; one stored before it did keeps the default.
      }
    }
    return new ScoreProducer(name, period.toSeconds());
  }
}
