package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.CelConditionRules;
import io.fleetflow.model.work.ManifestWorkSpec.ConditionRule;
import io.fleetflow.model.work.ManifestWorkSpec.FeedbackRule;
import io.fleetflow.model.work.ManifestWorkSpec.ManifestConfigOption;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what a work reports about one resource on the cluster: the values of its feedback rules
 * (with OCM's {@code StatusFeedbackSynced} condition saying whether all could be read), the
 * conditions of its condition rules, and, unless a rule already sets them, the {@code Progressing}
 * and {@code Degraded} conditions derived from a well-known workload's status.
 */
final class ResourceStatusReader {
  /** OCM's per-resource condition about feedback. */
  static final String STATUS_FEEDBACK_SYNCED = "StatusFeedbackSynced";

  private ResourceStatusReader() {}

  /** Returns true when the resource has a condition rule for OCM's {@code Complete}. */
  static boolean hasCompleteRule(Optional<ManifestConfigOption> config) {
    return completeRules(config).findAny().isPresent();
  }

  /** Returns true when a {@code Complete} rule of the resource holds for the object. */
  static boolean isComplete(
      Optional<ManifestConfigOption> config, ResourceMeta meta, Map<String, Object> object) {
    return completeRules(config)
        .map(rule -> CelConditionRules.evaluate(rule, meta.group(), meta.kind(), object))
        .anyMatch(c -> Conditions.TRUE.equals(c.getStatus()));
  }

  private static java.util.stream.Stream<ConditionRule> completeRules(
      Optional<ManifestConfigOption> config) {
    return config.map(ManifestConfigOption::conditionRules).orElse(List.of()).stream()
        .filter(
            r ->
                ConditionRule.COMPLETE.equals(r.condition())
                    || (r.condition() == null
                        && ConditionRule.WELL_KNOWN_CONDITIONS.equals(r.type())));
  }

  /**
   * Reads the resource.
   *
   * @param object the resource as the cluster returned it, as nested maps and lists
   */
  static ResourceResult read(
      ResourceResult result, Optional<ManifestConfigOption> config, Map<String, Object> object) {
    ResourceMeta meta = result.meta();
    List<Condition> conditions = new ArrayList<>();
    List<FeedbackRule> feedbackRules =
        config.map(ManifestConfigOption::feedbackRules).orElse(List.of());
    StatusFeedbackReader.Feedback feedback = null;
    if (!feedbackRules.isEmpty()) {
      feedback = StatusFeedbackReader.read(feedbackRules, meta, object);
      conditions.add(
          feedback.problems().isEmpty()
              ? Conditions.of(
                  STATUS_FEEDBACK_SYNCED, Conditions.TRUE, "StatusFeedbackSynced", "synced")
              : Conditions.of(
                  STATUS_FEEDBACK_SYNCED,
                  Conditions.FALSE,
                  "StatusFeedbackSyncFailed",
                  String.join("; ", feedback.problems())));
    }
    for (ConditionRule rule : config.map(ManifestConfigOption::conditionRules).orElse(List.of())) {
      Condition c = CelConditionRules.evaluate(rule, meta.group(), meta.kind(), object);
      conditions.removeIf(existing -> existing.getType().equals(c.getType()));
      conditions.add(c);
    }
    for (Condition derived : WorkloadConditions.derive(meta.group(), meta.kind(), object)) {
      if (conditions.stream().noneMatch(c -> c.getType().equals(derived.getType()))) {
        conditions.add(derived);
      }
    }
    return result.withStatus(
        feedback == null ? null : feedback.values(), conditions.isEmpty() ? null : conditions);
  }
}
