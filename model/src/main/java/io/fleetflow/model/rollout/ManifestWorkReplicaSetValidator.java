package io.fleetflow.model.rollout;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.LocalPlacementReference;
import io.fleetflow.model.rollout.RolloutStrategy.MandatoryDecisionGroup;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.Names;
import io.fleetflow.model.validation.ObjectValidator;
import io.fleetflow.model.work.ManifestWorkValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * OCM's admission rules for ManifestWorkReplicaSet, with the rollout strategy checked as strictly
 * as OCM's CRD schema does, and Fleetflow's approval gates.
 */
public class ManifestWorkReplicaSetValidator implements ObjectValidator<ManifestWorkReplicaSet> {
  /** OCM's limit on the label value {@code <namespace>.<name>} of generated works. */
  public static final int MAX_KEY_LENGTH = 63;

  private static final List<String> CASCADE_POLICIES =
      List.of(ManifestWorkReplicaSetSpec.BACKGROUND, ManifestWorkReplicaSetSpec.FOREGROUND);
  private final ManifestWorkValidator works = new ManifestWorkValidator();

  @Override
  public List<FieldError> validateCreate(ManifestWorkReplicaSet set) {
    List<FieldError> errors = new ArrayList<>();
    ObjectMeta meta = set.getMetadata() == null ? new ObjectMeta() : set.getMetadata();
    errors.addAll(Names.checkSubdomain("metadata.name", meta.getName()));
    if (meta.getNamespace() == null || meta.getNamespace().isEmpty()) {
      errors.add(
          FieldError.required(
              "metadata.namespace",
              "a ManifestWorkReplicaSet lives in the namespace of its placements"));
    } else if (meta.getName() != null
        && (meta.getNamespace() + "." + meta.getName()).length() > MAX_KEY_LENGTH) {
      errors.add(
          FieldError.tooLong(
              "metadata.name",
              "namespace.name must fit in "
                  + MAX_KEY_LENGTH
                  + " characters, because generated works carry it in the label "
                  + "work.open-cluster-management.io/manifestworkreplicaset; choose a shorter"
                  + " name"));
    }
    ManifestWorkReplicaSetSpec spec = set.getSpec();
    if (spec == null) {
      errors.add(FieldError.required("spec", "a ManifestWorkReplicaSet needs a spec"));
      return errors;
    }
    errors.addAll(checkTemplate(meta.getName(), spec));
    errors.addAll(checkPlacementRefs(spec.getPlacementRefs()));
    if (spec.getCascadeDeletionPolicy() != null
        && !CASCADE_POLICIES.contains(spec.getCascadeDeletionPolicy())) {
      errors.add(
          FieldError.notSupported(
              "spec.cascadeDeletionPolicy", spec.getCascadeDeletionPolicy(), CASCADE_POLICIES));
    }
    errors.addAll(checkGates("spec.approvalGates", spec.getApprovalGates()));
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(
      ManifestWorkReplicaSet current, ManifestWorkReplicaSet proposed) {
    List<FieldError> errors = new ArrayList<>(validateCreate(proposed));
    if (!Objects.equals(current.getMetadata().getName(), proposed.getMetadata().getName())
        || !Objects.equals(
            current.getMetadata().getNamespace(), proposed.getMetadata().getNamespace())) {
      errors.add(
          FieldError.forbidden("metadata", "the name and namespace of an object cannot change"));
    }
    return errors;
  }

  /** The template must be a valid ManifestWork spec; its errors name the template's fields. */
  private List<FieldError> checkTemplate(String name, ManifestWorkReplicaSetSpec spec) {
    if (spec.getManifestWorkTemplate() == null) {
      return List.of(
          FieldError.required(
              "spec.manifestWorkTemplate", "the template of the generated ManifestWorks"));
    }
    return works.validateSpec("spec.manifestWorkTemplate", name, spec.getManifestWorkTemplate());
  }

  private static List<FieldError> checkPlacementRefs(List<LocalPlacementReference> refs) {
    List<FieldError> errors = new ArrayList<>();
    if (refs == null || refs.isEmpty()) {
      errors.add(
          FieldError.required(
              "spec.placementRefs",
              "name at least one Placement in this namespace, e.g. placementRefs: [{name: all}]"));
      return errors;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < refs.size(); i++) {
      String field = "spec.placementRefs[" + i + "]";
      LocalPlacementReference ref = refs.get(i);
      if (ref == null) {
        errors.add(FieldError.required(field, "a placement reference may not be empty"));
        continue;
      }
      errors.addAll(Names.checkSubdomain(field + ".name", ref.name()));
      if (ref.name() != null && ref.name().length() > Names.MAX_LABEL_LENGTH) {
        errors.add(
            FieldError.tooLong(
                field + ".name",
                "a placement named here must have at most "
                    + Names.MAX_LABEL_LENGTH
                    + " characters, because generated works carry its name in the label "
                    + ManifestWorkReplicaSet.PLACEMENT_LABEL
                    + "; choose a shorter placement name"));
      }
      if (ref.name() != null && !seen.add(ref.name())) {
        errors.add(
            FieldError.duplicate(field + ".name", "placement " + ref.name() + " is named twice"));
      }
      if (ref.rolloutStrategy() != null) {
        errors.addAll(checkStrategy(field + ".rolloutStrategy", ref.rolloutStrategy()));
      }
    }
    return errors;
  }

  /** Checks a rollout strategy as OCM's CRD schema does; errors name fields under {@code field}. */
  public static List<FieldError> checkStrategy(String field, RolloutStrategy strategy) {
    List<FieldError> errors = new ArrayList<>();
    String type = strategy.typeOrDefault();
    if (!RolloutStrategy.TYPES.contains(type)) {
      errors.add(FieldError.notSupported(field + ".type", type, RolloutStrategy.TYPES));
      return errors;
    }
    checkOnlyBlockOf(field, strategy, type, errors);
    var config = strategy.config();
    String block =
        field
            + "."
            + switch (type) {
              case RolloutStrategy.PROGRESSIVE -> "progressive";
              case RolloutStrategy.PROGRESSIVE_PER_GROUP -> "progressivePerGroup";
              default -> "all";
            };
    checkDuration(block + ".minSuccessTime", config.minSuccessTime(), false, errors);
    checkDuration(block + ".progressDeadline", config.progressDeadline(), true, errors);
    checkCount(block + ".maxFailures", config.maxFailures(), false, errors);
    if (RolloutStrategy.PROGRESSIVE.equals(type) && strategy.progressive() != null) {
      checkCount(block + ".maxConcurrency", strategy.progressive().maxConcurrency(), true, errors);
    }
    List<MandatoryDecisionGroup> groups = strategy.mandatoryGroups();
    for (int i = 0; i < groups.size(); i++) {
      MandatoryDecisionGroup g = groups.get(i);
      String gField = block + ".mandatoryDecisionGroups[" + i + "]";
      if (g == null
          || ((g.groupName() == null || g.groupName().isEmpty()) && g.groupIndex() == null)) {
        errors.add(
            FieldError.required(
                gField, "a mandatory decision group needs groupName or groupIndex"));
      } else if (g.groupIndex() != null && g.groupIndex() < 0) {
        errors.add(FieldError.invalid(gField + ".groupIndex", "a group index is 0 or more"));
      }
    }
    return errors;
  }

  private static void checkOnlyBlockOf(
      String field, RolloutStrategy strategy, String type, List<FieldError> errors) {
    if (strategy.all() != null && !RolloutStrategy.ALL.equals(type)) {
      errors.add(misplaced(field + ".all", type));
    }
    if (strategy.progressive() != null && !RolloutStrategy.PROGRESSIVE.equals(type)) {
      errors.add(misplaced(field + ".progressive", type));
    }
    if (strategy.progressivePerGroup() != null
        && !RolloutStrategy.PROGRESSIVE_PER_GROUP.equals(type)) {
      errors.add(misplaced(field + ".progressivePerGroup", type));
    }
  }

  private static FieldError misplaced(String field, String type) {
    return FieldError.forbidden(
        field,
        "these settings belong to another strategy type than "
            + type
            + ": move them to the block of type "
            + type
            + " or change the type");
  }

  private static void checkDuration(
      String field, String value, boolean noneAllowed, List<FieldError> errors) {
    if (value == null) {
      return;
    }
    if (RolloutValues.NONE.equals(value) && !noneAllowed) {
      errors.add(FieldError.invalid(field, "\"None\" is only allowed for progressDeadline"));
      return;
    }
    try {
      RolloutValues.duration(value);
    } catch (IllegalArgumentException e) {
      errors.add(
          FieldError.invalid(
              field, e.getMessage() + (noneAllowed ? ", or None to wait forever" : "")));
    }
  }

  private static void checkCount(
      String field, IntOrString value, boolean positive, List<FieldError> errors) {
    if (value == null) {
      return;
    }
    String shown = value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
    boolean zero =
        (value.getIntVal() != null && value.getIntVal() == 0) || "0%".equals(value.getStrVal());
    if (!RolloutValues.isCount(value)) {
      errors.add(
          FieldError.invalid(
              field,
              "\""
                  + shown
                  + "\" is not a count: give a non-negative integer or a percentage from 0% to"
                  + " 100%"));
    } else if (positive && zero) {
      errors.add(
          FieldError.invalid(
              field,
              shown
                  + " would never start a cluster: give at least 1 (or 1%), or leave it out to"
                  + " roll out to all clusters at once"));
    }
  }

  /** Checks Fleetflow's approval gates; errors name fields under {@code field}. */
  public static List<FieldError> checkGates(String field, ApprovalGates gates) {
    if (gates == null) {
      return List.of();
    }
    List<FieldError> errors = new ArrayList<>();
    if (gates.expiry() != null) {
      try {
        Duration expiry = RolloutValues.duration(gates.expiry()).orElse(null);
        if (expiry == null || expiry.isZero()) {
          errors.add(
              FieldError.invalid(
                  field + ".expiry",
                  "a gate must wait a while: give a duration such as 4h, or leave expiry out to"
                      + " wait forever"));
        }
      } catch (IllegalArgumentException e) {
        errors.add(FieldError.invalid(field + ".expiry", e.getMessage()));
      }
    }
    if (gates.onExpiry() != null && !ApprovalGates.ON_EXPIRY.contains(gates.onExpiry())) {
      errors.add(
          FieldError.notSupported(field + ".onExpiry", gates.onExpiry(), ApprovalGates.ON_EXPIRY));
    }
    return errors;
  }
}
