package io.fleetflow.model.placement;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;

/** The desired state of a Placement, with OCM's field names (v1beta1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class PlacementSpec {
  private List<String> clusterSets = new ArrayList<>();
  private Integer numberOfClusters;
  private List<ClusterPredicate> predicates = new ArrayList<>();
  private PrioritizerPolicy prioritizerPolicy;
  private SpreadPolicy spreadPolicy;
  private List<Toleration> tolerations = new ArrayList<>();
  private DecisionStrategy decisionStrategy;

  public List<String> getClusterSets() {
    return clusterSets;
  }

  public void setClusterSets(List<String> clusterSets) {
    this.clusterSets = clusterSets == null ? new ArrayList<>() : clusterSets;
  }

  public Integer getNumberOfClusters() {
    return numberOfClusters;
  }

  public void setNumberOfClusters(Integer numberOfClusters) {
    this.numberOfClusters = numberOfClusters;
  }

  public List<ClusterPredicate> getPredicates() {
    return predicates;
  }

  public void setPredicates(List<ClusterPredicate> predicates) {
    this.predicates = predicates == null ? new ArrayList<>() : predicates;
  }

  public PrioritizerPolicy getPrioritizerPolicy() {
    return prioritizerPolicy;
  }

  public void setPrioritizerPolicy(PrioritizerPolicy prioritizerPolicy) {
    this.prioritizerPolicy = prioritizerPolicy;
  }

  public SpreadPolicy getSpreadPolicy() {
    return spreadPolicy;
  }

  public void setSpreadPolicy(SpreadPolicy spreadPolicy) {
    this.spreadPolicy = spreadPolicy;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations == null ? new ArrayList<>() : tolerations;
  }

  public DecisionStrategy getDecisionStrategy() {
    return decisionStrategy;
  }

  public void setDecisionStrategy(DecisionStrategy decisionStrategy) {
    this.decisionStrategy = decisionStrategy;
  }

  /** One predicate; a cluster passes the placement's predicates when it passes any one of them. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ClusterPredicate(ClusterSelector requiredClusterSelector) {}

  /** Selectors that a cluster must all satisfy (ANDed). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ClusterSelector(
      LabelSelector labelSelector, ClaimSelector claimSelector, CelSelector celSelector) {}

  /** Requirements on a cluster's ClusterClaims, written like label requirements. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ClaimSelector(List<LabelSelectorRequirement> matchExpressions) {}

  /** CEL expressions over {@code managedCluster} that must all evaluate to true. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CelSelector(List<String> celExpressions) {}

  /** How clusters are scored: {@code mode} Additive (default) or Exact, and the weights. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PrioritizerPolicy(String mode, List<PrioritizerConfig> configurations) {
    public static final String ADDITIVE = "Additive";
    public static final String EXACT = "Exact";
  }

  /** One prioritizer and its weight, -10 to 10 (default 1). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PrioritizerConfig(ScoreCoordinate scoreCoordinate, Integer weight) {
    /** The weight, defaulting to 1 as OCM does. */
    public int effectiveWeight() {
      return weight == null ? 1 : weight;
    }
  }

  /** Names a prioritizer: a built-in one, or a score that an add-on publishes. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ScoreCoordinate(String type, String builtIn, AddOnScore addOn) {
    public static final String BUILT_IN = "BuiltIn";
    public static final String ADD_ON = "AddOn";

    /** The type, defaulting to BuiltIn as OCM does. */
    public String effectiveType() {
      return type == null || type.isEmpty() ? BUILT_IN : type;
    }
  }

  /** The AddOnPlacementScore (by name, in each cluster's namespace) and the score within it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AddOnScore(String resourceName, String scoreName) {}

  /** How decisions spread over topologies (Fleetflow enforces what OCM only declares). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SpreadPolicy(List<SpreadConstraint> spreadConstraints) {}

  /**
   * Clusters are grouped by the value of a label or claim; the number selected in any two groups
   * may differ by at most {@code maxSkew}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SpreadConstraint(
      String topologyKey, String topologyKeyType, Integer maxSkew, String whenUnsatisfiable) {
    public static final String LABEL = "Label";
    public static final String CLAIM = "Claim";
    public static final String DO_NOT_SCHEDULE = "DoNotSchedule";
    public static final String SCHEDULE_ANYWAY = "ScheduleAnyway";

    public int effectiveMaxSkew() {
      return maxSkew == null ? 1 : maxSkew;
    }

    public String effectiveWhenUnsatisfiable() {
      return whenUnsatisfiable == null || whenUnsatisfiable.isEmpty()
          ? SCHEDULE_ANYWAY
          : whenUnsatisfiable;
    }
  }

  /** Lets the placement select clusters with a matching taint. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Toleration(
      String key, String operator, String value, String effect, Long tolerationSeconds) {
    public static final String EQUAL = "Equal";
    public static final String EXISTS = "Exists";

    public String effectiveOperator() {
      return operator == null || operator.isEmpty() ? EQUAL : operator;
    }
  }

  /** How the decisions are divided into groups. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DecisionStrategy(GroupStrategy groupStrategy) {}

  /** Named groups first, then the rest in chunks of {@code clustersPerDecisionGroup}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record GroupStrategy(
      List<DecisionGroup> decisionGroups, IntOrString clustersPerDecisionGroup) {}

  /** A named group of the clusters its selector matches. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DecisionGroup(String groupName, GroupClusterSelector groupClusterSelector) {}

  /** A decision group's selector: labels and claims, ANDed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record GroupClusterSelector(LabelSelector labelSelector, ClaimSelector claimSelector) {}
}
