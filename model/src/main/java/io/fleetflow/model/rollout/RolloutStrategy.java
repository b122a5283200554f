package io.fleetflow.model.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/**
 * OCM's rollout strategy ({@code cluster.open-cluster-management.io/v1alpha1}): how a change
 * reaches the clusters a placement selects. Durations are Go durations ({@code 30s}, {@code 5m},
 * {@code 1h30m}); {@code progressDeadline} may also be {@code None}.
 *
 * @param type {@code All} (default), {@code Progressive} or {@code ProgressivePerGroup}
 * @param all the settings of {@code All}
 * @param progressive the settings of {@code Progressive}
 * @param progressivePerGroup the settings of {@code ProgressivePerGroup}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RolloutStrategy(
    String type,
    RolloutAll all,
    RolloutProgressive progressive,
    RolloutProgressivePerGroup progressivePerGroup) {
  public static final String ALL = "All";
  public static final String PROGRESSIVE = "Progressive";
  public static final String PROGRESSIVE_PER_GROUP = "ProgressivePerGroup";
  public static final List<String> TYPES = List.of(ALL, PROGRESSIVE, PROGRESSIVE_PER_GROUP);

  /** The strategy {@code All} with OCM's defaults. */
  public static final RolloutStrategy DEFAULT = new RolloutStrategy(ALL, null, null, null);

  /** Returns the type, {@code All} when unset. */
  public String typeOrDefault() {
    return type == null || type.isEmpty() ? ALL : type;
  }

  /** Returns the settings every type shares, from the block of the strategy's type. */
  public RolloutConfig config() {
    return switch (typeOrDefault()) {
      case PROGRESSIVE ->
          progressive == null
              ? RolloutConfig.DEFAULTS
              : new RolloutConfig(
                  progressive.minSuccessTime(),
                  progressive.progressDeadline(),
                  progressive.maxFailures());
      case PROGRESSIVE_PER_GROUP ->
          progressivePerGroup == null
              ? RolloutConfig.DEFAULTS
              : new RolloutConfig(
                  progressivePerGroup.minSuccessTime(),
                  progressivePerGroup.progressDeadline(),
                  progressivePerGroup.maxFailures());
      default ->
          all == null
              ? RolloutConfig.DEFAULTS
              : new RolloutConfig(all.minSuccessTime(), all.progressDeadline(), all.maxFailures());
    };
  }

  /** Returns the mandatory decision groups of a progressive type, empty for {@code All}. */
  public List<MandatoryDecisionGroup> mandatoryGroups() {
    List<MandatoryDecisionGroup> groups =
        switch (typeOrDefault()) {
          case PROGRESSIVE -> progressive == null ? null : progressive.mandatoryDecisionGroups();
          case PROGRESSIVE_PER_GROUP ->
              progressivePerGroup == null ? null : progressivePerGroup.mandatoryDecisionGroups();
          default -> null;
        };
    return groups == null ? List.of() : groups;
  }

  /**
   * The settings that every type has.
   *
   * @param minSuccessTime how long a succeeded cluster soaks before the rollout counts it done
   * @param progressDeadline how long a cluster may take before it times out, or {@code None}
   * @param maxFailures how many failed or timed-out clusters are tolerated (count or percent)
   */
  public record RolloutConfig(
      String minSuccessTime, String progressDeadline, IntOrString maxFailures) {
    public static final RolloutConfig DEFAULTS = new RolloutConfig(null, null, null);
  }

  /** The settings of {@code All}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RolloutAll(
      String minSuccessTime, String progressDeadline, IntOrString maxFailures) {}

  /**
   * The settings of {@code Progressive}: mandatory groups first, then at most {@code
   * maxConcurrency} clusters (count or percent) at a time, in name order.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RolloutProgressive(
      List<MandatoryDecisionGroup> mandatoryDecisionGroups,
      IntOrString maxConcurrency,
      String minSuccessTime,
      String progressDeadline,
      IntOrString maxFailures) {}

  /** The settings of {@code ProgressivePerGroup}: one decision group after the other. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RolloutProgressivePerGroup(
      List<MandatoryDecisionGroup> mandatoryDecisionGroups,
      String minSuccessTime,
      String progressDeadline,
      IntOrString maxFailures) {}

  /** A decision group that must succeed first, by name or by index. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MandatoryDecisionGroup(String groupName, Integer groupIndex) {}
}
