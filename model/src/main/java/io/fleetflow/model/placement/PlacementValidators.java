package io.fleetflow.model.placement;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fleetflow.model.meta.LabelSelectors;
import io.fleetflow.model.placement.PlacementSpec.ClaimSelector;
import io.fleetflow.model.placement.PlacementSpec.ClusterSelector;
import io.fleetflow.model.placement.PlacementSpec.DecisionGroup;
import io.fleetflow.model.placement.PlacementSpec.GroupStrategy;
import io.fleetflow.model.placement.PlacementSpec.PrioritizerConfig;
import io.fleetflow.model.placement.PlacementSpec.PrioritizerPolicy;
import io.fleetflow.model.placement.PlacementSpec.ScoreCoordinate;
import io.fleetflow.model.placement.PlacementSpec.SpreadConstraint;
import io.fleetflow.model.placement.PlacementSpec.Toleration;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.Names;
import io.fleetflow.model.validation.ObjectValidator;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** OCM's admission rules for Placement and AddOnPlacementScore, plus a compiled CEL check. */
public final class PlacementValidators {
  /** The built-in prioritizers OCM knows. */
  public static final List<String> BUILT_IN_PRIORITIZERS =
      List.of("Balance", "Steady", "ResourceAllocatableCPU", "ResourceAllocatableMemory");

  /** The taint effects OCM knows; an empty effect in a toleration matches them all. */
  public static final List<String> TAINT_EFFECTS =
      List.of("NoSelect", "PreferNoSelect", "NoSelectIfNew");

  private static final int MAX_SPREAD_CONSTRAINTS = 8;
  private static final Pattern PERCENT = Pattern.compile("^(\\d{1,3})%$");

  private PlacementValidators() {}

  /** Validates placements field by field; every problem is reported at once. */
  public static final ObjectValidator<Placement> PLACEMENTS =
      placement -> {
        List<FieldError> errors =
            new ArrayList<>(
                Names.checkSubdomain("metadata.name", placement.getMetadata().getName()));
        PlacementSpec spec =
            placement.getSpec() == null ? new PlacementSpec() : placement.getSpec();
        for (int i = 0; i < spec.getClusterSets().size(); i++) {
          errors.addAll(
              Names.checkLabel("spec.clusterSets[" + i + "]", spec.getClusterSets().get(i)));
        }
        if (spec.getNumberOfClusters() != null && spec.getNumberOfClusters() < 0) {
          errors.add(
              FieldError.invalid(
                  "spec.numberOfClusters",
                  "must be 0 or more, got "
                      + spec.getNumberOfClusters()
                      + "; leave it unset to select every matching cluster"));
        }
        for (int i = 0; i < spec.getPredicates().size(); i++) {
          ClusterSelector selector = spec.getPredicates().get(i).requiredClusterSelector();
          if (selector != null) {
            errors.addAll(
                checkSelector("spec.predicates[" + i + "].requiredClusterSelector", selector));
          }
        }
        errors.addAll(checkPrioritizers(spec.getPrioritizerPolicy()));
        if (spec.getSpreadPolicy() != null && spec.getSpreadPolicy().spreadConstraints() != null) {
          errors.addAll(checkSpread(spec.getSpreadPolicy().spreadConstraints()));
        }
        for (int i = 0; i < spec.getTolerations().size(); i++) {
          errors.addAll(
              checkToleration("spec.tolerations[" + i + "]", spec.getTolerations().get(i)));
        }
        if (spec.getDecisionStrategy() != null
            && spec.getDecisionStrategy().groupStrategy() != null) {
          errors.addAll(checkGroups(spec.getDecisionStrategy().groupStrategy()));
        }
        return errors;
      };

  /** Validates scores: each named, each from -100 to 100, and an RFC 3339 {@code validUntil}. */
  public static final ObjectValidator<AddOnPlacementScore> SCORES =
      score -> {
        List<FieldError> errors =
            new ArrayList<>(Names.checkSubdomain("metadata.name", score.getMetadata().getName()));
        AddOnPlacementScore.Status status = score.getStatus();
        if (status == null) {
          return errors;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < status.getScores().size(); i++) {
          AddOnPlacementScore.Score s = status.getScores().get(i);
          String at = "status.scores[" + i + "]";
          if (s.name() == null || s.name().isBlank()) {
            errors.add(FieldError.required(at + ".name", "name the score"));
          } else if (!names.add(s.name())) {
            errors.add(FieldError.duplicate(at + ".name", "score " + s.name() + " appears twice"));
          }
          if (s.value() == null || s.value() < -100 || s.value() > 100) {
            errors.add(
                FieldError.invalid(at + ".value", "must be from -100 to 100, got " + s.value()));
          }
        }
        if (status.getValidUntil() != null) {
          try {
            OffsetDateTime.parse(status.getValidUntil());
          } catch (DateTimeParseException e) {
            errors.add(
                FieldError.invalid(
                    "status.validUntil",
                    "must be an RFC 3339 time such as 2026-01-01T00:00:00Z, got "
                        + status.getValidUntil()));
          }
        }
        return errors;
      };

  /**
   * Returns the number of clusters per group that {@code clustersPerDecisionGroup} asks for out of
   * {@code total}: a count, or a percentage rounded up (at least 1). Unset or 0 means all in one
   * group, as on OCM's hub: clients written in Go (clusteradm) send the zero value when they mean
   * "not set".
   */
  public static int clustersPerGroup(IntOrString value, int total) {
    if (value == null || Integer.valueOf(0).equals(value.getIntVal())) {
      return Math.max(total, 1);
    }
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    Matcher m = PERCENT.matcher(value.getStrVal());
    if (m.matches()) {
      int percent = Integer.parseInt(m.group(1));
      return Math.max(1, (int) Math.ceil(total * percent / 100.0));
    }
    return Integer.parseInt(value.getStrVal());
  }

  private static List<FieldError> checkSelector(String at, ClusterSelector selector) {
    List<FieldError> errors = new ArrayList<>();
    errors.addAll(LabelSelectors.check(at + ".labelSelector", selector.labelSelector()));
    errors.addAll(checkClaims(at + ".claimSelector", selector.claimSelector()));
    if (selector.celSelector() != null && selector.celSelector().celExpressions() != null) {
      List<String> expressions = selector.celSelector().celExpressions();
      for (int i = 0; i < expressions.size(); i++) {
        String field = at + ".celSelector.celExpressions[" + i + "]";
        CelSelectors.problem(expressions.get(i))
            .ifPresent(
                p ->
                    errors.add(
                        FieldError.invalid(
                            field,
                            "not a CEL expression that yields a bool over managedCluster: " + p)));
      }
    }
    return errors;
  }

  private static List<FieldError> checkClaims(String at, ClaimSelector claims) {
    if (claims == null || claims.matchExpressions() == null) {
      return List.of();
    }
    LabelSelector asLabels = new LabelSelector();
    asLabels.setMatchExpressions(claims.matchExpressions());
    return LabelSelectors.check(at, asLabels);
  }

  private static List<FieldError> checkPrioritizers(PrioritizerPolicy policy) {
    List<FieldError> errors = new ArrayList<>();
    if (policy == null) {
      return errors;
    }
    List<String> modes = List.of(PrioritizerPolicy.ADDITIVE, PrioritizerPolicy.EXACT);
    if (policy.mode() != null && !policy.mode().isEmpty() && !modes.contains(policy.mode())) {
      errors.add(FieldError.notSupported("spec.prioritizerPolicy.mode", policy.mode(), modes));
    }
    List<PrioritizerConfig> configs =
        policy.configurations() == null ? List.of() : policy.configurations();
    for (int i = 0; i < configs.size(); i++) {
      String at = "spec.prioritizerPolicy.configurations[" + i + "]";
      PrioritizerConfig config = configs.get(i);
      int weight = config.effectiveWeight();
      if (weight < -10 || weight > 10) {
        errors.add(
            FieldError.invalid(at + ".weight", "must be from -10 to 10, got " + config.weight()));
      }
      ScoreCoordinate coordinate = config.scoreCoordinate();
      if (coordinate == null) {
        errors.add(
            FieldError.required(
                at + ".scoreCoordinate", "name a prioritizer: {type: BuiltIn, builtIn: Balance}"));
        continue;
      }
      List<String> types = List.of(ScoreCoordinate.BUILT_IN, ScoreCoordinate.ADD_ON);
      if (!types.contains(coordinate.effectiveType())) {
        errors.add(FieldError.notSupported(at + ".scoreCoordinate.type", coordinate.type(), types));
      } else if (coordinate.effectiveType().equals(ScoreCoordinate.BUILT_IN)) {
        if (!BUILT_IN_PRIORITIZERS.contains(coordinate.builtIn())) {
          errors.add(
              FieldError.notSupported(
                  at + ".scoreCoordinate.builtIn", coordinate.builtIn(), BUILT_IN_PRIORITIZERS));
        }
      } else if (coordinate.addOn() == null
          || blank(coordinate.addOn().resourceName())
          || blank(coordinate.addOn().scoreName())) {
        errors.add(
            FieldError.required(
                at + ".scoreCoordinate.addOn",
                "an AddOn prioritizer needs addOn.resourceName (the AddOnPlacementScore) and"
                    + " addOn.scoreName"));
      }
    }
    return errors;
  }

  private static List<FieldError> checkSpread(List<SpreadConstraint> constraints) {
    List<FieldError> errors = new ArrayList<>();
    if (constraints.size() > MAX_SPREAD_CONSTRAINTS) {
      errors.add(
          FieldError.tooLong(
              "spec.spreadPolicy.spreadConstraints",
              "at most " + MAX_SPREAD_CONSTRAINTS + " constraints, got " + constraints.size()));
    }
    List<String> keyTypes = List.of(SpreadConstraint.LABEL, SpreadConstraint.CLAIM);
    List<String> whens =
        List.of(SpreadConstraint.DO_NOT_SCHEDULE, SpreadConstraint.SCHEDULE_ANYWAY);
    for (int i = 0; i < constraints.size(); i++) {
      String at = "spec.spreadPolicy.spreadConstraints[" + i + "]";
      SpreadConstraint c = constraints.get(i);
      if (blank(c.topologyKey())) {
        errors.add(
            FieldError.required(at + ".topologyKey", "name the label or claim to spread by"));
      }
      if (!keyTypes.contains(c.topologyKeyType())) {
        errors.add(FieldError.notSupported(at + ".topologyKeyType", c.topologyKeyType(), keyTypes));
      }
      if (c.effectiveMaxSkew() < 1) {
        errors.add(FieldError.invalid(at + ".maxSkew", "must be 1 or more, got " + c.maxSkew()));
      }
      if (!whens.contains(c.effectiveWhenUnsatisfiable())) {
        errors.add(
            FieldError.notSupported(at + ".whenUnsatisfiable", c.whenUnsatisfiable(), whens));
      }
    }
    return errors;
  }

  private static List<FieldError> checkToleration(String at, Toleration t) {
    List<FieldError> errors = new ArrayList<>();
    List<String> operators = List.of(Toleration.EQUAL, Toleration.EXISTS);
    if (!operators.contains(t.effectiveOperator())) {
      errors.add(FieldError.notSupported(at + ".operator", t.operator(), operators));
    } else if (t.effectiveOperator().equals(Toleration.EXISTS) && !blank(t.value())) {
      errors.add(
          FieldError.invalid(
              at + ".value", "operator Exists takes no value; use Equal to match it"));
    } else if (t.effectiveOperator().equals(Toleration.EQUAL) && blank(t.key())) {
      errors.add(
          FieldError.required(
              at + ".key", "operator Equal needs a key; an empty key with Exists tolerates all"));
    }
    if (t.effect() != null && !t.effect().isEmpty() && !TAINT_EFFECTS.contains(t.effect())) {
      errors.add(FieldError.notSupported(at + ".effect", t.effect(), TAINT_EFFECTS));
    }
    if (t.tolerationSeconds() != null && t.tolerationSeconds() < 0) {
      errors.add(
          FieldError.invalid(
              at + ".tolerationSeconds", "must be 0 or more, got " + t.tolerationSeconds()));
    }
    return errors;
  }

  private static List<FieldError> checkGroups(GroupStrategy strategy) {
    List<FieldError> errors = new ArrayList<>();
    String at = "spec.decisionStrategy.groupStrategy";
    List<DecisionGroup> groups =
        strategy.decisionGroups() == null ? List.of() : strategy.decisionGroups();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < groups.size(); i++) {
      String field = at + ".decisionGroups[" + i + "]";
      DecisionGroup group = groups.get(i);
      if (blank(group.groupName())) {
        errors.add(FieldError.required(field + ".groupName", "name the group"));
      } else {
        errors.addAll(Names.checkLabel(field + ".groupName", group.groupName()));
        if (!names.add(group.groupName())) {
          errors.add(
              FieldError.duplicate(field + ".groupName", group.groupName() + " appears twice"));
        }
      }
      if (group.groupClusterSelector() != null) {
        errors.addAll(
            LabelSelectors.check(
                field + ".groupClusterSelector.labelSelector",
                group.groupClusterSelector().labelSelector()));
        errors.addAll(
            checkClaims(
                field + ".groupClusterSelector.claimSelector",
                group.groupClusterSelector().claimSelector()));
      }
    }
    IntOrString per = strategy.clustersPerDecisionGroup();
    if (per != null) {
      String field = at + ".clustersPerDecisionGroup";
      if (per.getIntVal() != null) {
        if (per.getIntVal() < 0) {
          errors.add(
              FieldError.invalid(
                  field, "must be 0 (all in one group) or more, got " + per.getIntVal()));
        }
      } else {
        Matcher m = PERCENT.matcher(per.getStrVal() == null ? "" : per.getStrVal());
        if (!m.matches()) {
          errors.add(
              FieldError.invalid(
                  field,
                  "must be a count such as 5 or a percentage such as 25%, got \""
                      + per.getStrVal()
                      + "\""));
        } else {
          int percent = Integer.parseInt(m.group(1));
          if (percent < 1 || percent > 100) {
            errors.add(
                FieldError.invalid(
                    field, "a percentage must be from 1% to 100%, got " + percent + "%"));
          }
        }
      }
    }
    return errors;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
