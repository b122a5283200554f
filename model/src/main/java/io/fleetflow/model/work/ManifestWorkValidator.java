package io.fleetflow.model.work;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.Names;
import io.fleetflow.model.validation.ObjectValidator;
import io.fleetflow.model.work.ManifestWorkSpec.ConditionRule;
import io.fleetflow.model.work.ManifestWorkSpec.DeleteOption;
import io.fleetflow.model.work.ManifestWorkSpec.Executor;
import io.fleetflow.model.work.ManifestWorkSpec.ExecutorSubject;
import io.fleetflow.model.work.ManifestWorkSpec.FeedbackRule;
import io.fleetflow.model.work.ManifestWorkSpec.JsonPath;
import io.fleetflow.model.work.ManifestWorkSpec.ManifestConfigOption;
import io.fleetflow.model.work.ManifestWorkSpec.ServerSideApplyConfig;
import io.fleetflow.model.work.ManifestWorkSpec.ServiceAccountRef;
import io.fleetflow.model.work.ManifestWorkSpec.UpdateStrategy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** OCM's admission rules for ManifestWork, as its webhook enforces them. */
public class ManifestWorkValidator implements ObjectValidator<ManifestWork> {
  /** OCM's default limit on the total size of a work's manifests. */
  public static final int MANIFEST_LIMIT_BYTES = 500 * 1024;

  private static final List<String> PROPAGATION_POLICIES =
      List.of(DeleteOption.FOREGROUND, DeleteOption.ORPHAN, DeleteOption.SELECTIVELY_ORPHAN);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public List<FieldError> validateCreate(ManifestWork work) {
    List<FieldError> errors = new ArrayList<>();
    String name = work.getMetadata() == null ? null : work.getMetadata().getName();
    String namespace = work.getMetadata() == null ? null : work.getMetadata().getNamespace();
    errors.addAll(Names.checkSubdomain("metadata.name", name));
    if (namespace == null || namespace.isEmpty()) {
      errors.add(
          FieldError.required(
              "metadata.namespace",
              "a ManifestWork lives in the namespace named after its cluster: set"
                  + " metadata.namespace to the ManagedCluster's name"));
    } else {
      errors.addAll(Names.checkLabel("metadata.namespace", namespace));
    }
    ManifestWorkSpec spec = work.getSpec();
    List<GenericKubernetesResource> manifests =
        spec == null || spec.getWorkload() == null ? null : spec.getWorkload().manifests();
    if (manifests == null || manifests.isEmpty()) {
      errors.add(
          FieldError.required(
              "spec.workload.manifests", "a ManifestWork needs at least one manifest"));
      return errors;
    }
    errors.addAll(checkManifests(manifests));
    errors.addAll(checkDeleteOption(spec.getDeleteOption()));
    errors.addAll(checkManifestConfigs(spec.getManifestConfigs()));
    errors.addAll(checkExecutor(spec.getExecutor()));
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(ManifestWork current, ManifestWork proposed) {
    List<FieldError> errors = new ArrayList<>(validateCreate(proposed));
    if (!Objects.equals(current.getMetadata().getName(), proposed.getMetadata().getName())
        || !Objects.equals(
            current.getMetadata().getNamespace(), proposed.getMetadata().getNamespace())) {
      errors.add(
          FieldError.forbidden("metadata", "the name and namespace of an object cannot change"));
    }
    return errors;
  }

  /**
   * Checks a ManifestWork spec that another object carries (a replica set's template, an add-on's
   * agent spec) by the rules of a work named {@code name}; errors name fields under {@code field}.
   */
  public List<FieldError> validateSpec(String field, String name, ManifestWorkSpec spec) {
    ManifestWork probe = new ManifestWork();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name == null ? "template" : name);
    meta.setNamespace("template");
    probe.setMetadata(meta);
    probe.setSpec(spec);
    return validateCreate(probe).stream()
        .filter(e -> e.field().startsWith("spec"))
        .map(
            e ->
                new FieldError(
                    field + e.field().substring("spec".length()), e.reason(), e.message()))
        .toList();
  }

  private static List<FieldError> checkManifests(List<GenericKubernetesResource> manifests) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long totalBytes = 0;
    for (int i = 0; i < manifests.size(); i++) {
      GenericKubernetesResource m = manifests.get(i);
      String field = "spec.workload.manifests[" + i + "]";
      if (m == null) {
        errors.add(FieldError.required(field, "a manifest may not be empty"));
        continue;
      }
      if (m.getApiVersion() == null || m.getApiVersion().isBlank()) {
        errors.add(FieldError.required(field + ".apiVersion", "every manifest needs apiVersion"));
      }
      if (m.getKind() == null || m.getKind().isBlank()) {
        errors.add(FieldError.required(field + ".kind", "every manifest needs kind"));
      }
      String manifestName = m.getMetadata() == null ? null : m.getMetadata().getName();
      if (m.getMetadata() != null && m.getMetadata().getGenerateName() != null) {
        errors.add(
            FieldError.forbidden(
                field + ".metadata.generateName",
                "generateName is not allowed in a ManifestWork: set metadata.name so the work"
                    + " can track the object"));
      }
      if (manifestName == null || manifestName.isBlank()) {
        errors.add(FieldError.required(field + ".metadata.name", "every manifest needs a name"));
      }
      String key =
          m.getApiVersion()
              + "/"
              + m.getKind()
              + "/"
              + (m.getMetadata() == null ? "" : m.getMetadata().getNamespace())
              + "/"
              + manifestName;
      if (!seen.add(key)) {
        errors.add(
            FieldError.duplicate(
                field, "the same object (" + key + ") appears twice in the work; keep one"));
      }
      totalBytes += sizeOf(m);
    }
    if (totalBytes > MANIFEST_LIMIT_BYTES) {
      errors.add(
          FieldError.tooLong(
              "spec.workload.manifests",
              "the manifests take "
                  + totalBytes
                  + " bytes, more than the limit of "
                  + MANIFEST_LIMIT_BYTES
                  + " bytes (500 KiB): split them across several ManifestWorks"));
    }
    return errors;
  }

  private static List<FieldError> checkDeleteOption(DeleteOption option) {
    if (option == null || option.propagationPolicy() == null) {
      return List.of();
    }
    if (!PROPAGATION_POLICIES.contains(option.propagationPolicy())) {
      return List.of(
          FieldError.notSupported(
              "spec.deleteOption.propagationPolicy",
              option.propagationPolicy(),
              PROPAGATION_POLICIES));
    }
    return List.of();
  }

  private static List<FieldError> checkManifestConfigs(List<ManifestConfigOption> configs) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; configs != null && i < configs.size(); i++) {
      ManifestConfigOption config = configs.get(i);
      String field = "spec.manifestConfigs[" + i + "]";
      if (config == null) {
        errors.add(FieldError.required(field, "a manifest config may not be empty"));
        continue;
      }
      if (config.resourceIdentifier() == null
          || config.resourceIdentifier().resource() == null
          || config.resourceIdentifier().name() == null) {
        errors.add(
            FieldError.required(
                field + ".resourceIdentifier",
                "a manifest config needs resourceIdentifier.resource and .name"));
      }
      errors.addAll(checkUpdateStrategy(field + ".updateStrategy", config.updateStrategy()));
      errors.addAll(checkFeedbackRules(field + ".feedbackRules", config.feedbackRules()));
      errors.addAll(checkConditionRules(field + ".conditionRules", config.conditionRules()));
    }
    return errors;
  }

  private static List<FieldError> checkUpdateStrategy(String field, UpdateStrategy strategy) {
    if (strategy == null) {
      return List.of();
    }
    if (strategy.type() == null || !UpdateStrategy.TYPES.contains(strategy.type())) {
      return List.of(
          FieldError.notSupported(field + ".type", strategy.type(), UpdateStrategy.TYPES));
    }
    ServerSideApplyConfig ssa = strategy.serverSideApply();
    if (ssa != null
        && ssa.fieldManager() != null
        && !ssa.fieldManager().startsWith(ServerSideApplyConfig.DEFAULT_FIELD_MANAGER)) {
      return List.of(
          FieldError.invalid(
              field + ".serverSideApply.fieldManager",
              "\""
                  + ssa.fieldManager()
                  + "\" must start with \"work-agent\" as in OCM, for example"
                  + " work-agent-"
                  + ssa.fieldManager()));
    }
    return List.of();
  }

  private static List<FieldError> checkFeedbackRules(String field, List<FeedbackRule> rules) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; rules != null && i < rules.size(); i++) {
      FeedbackRule rule = rules.get(i);
      String at = field + "[" + i + "]";
      if (rule == null || rule.type() == null || !FeedbackRule.TYPES.contains(rule.type())) {
        errors.add(
            FieldError.notSupported(
                at + ".type", rule == null ? null : rule.type(), FeedbackRule.TYPES));
        continue;
      }
      if (FeedbackRule.JSON_PATHS.equals(rule.type())
          && (rule.jsonPaths() == null || rule.jsonPaths().isEmpty())) {
        errors.add(
            FieldError.required(
                at + ".jsonPaths",
                "a JSONPaths rule needs jsonPaths, each with a name and a path such as"
                    + " .status.readyReplicas"));
        continue;
      }
      Set<String> names = new HashSet<>();
      for (int j = 0; rule.jsonPaths() != null && j < rule.jsonPaths().size(); j++) {
        JsonPath path = rule.jsonPaths().get(j);
        String pathField = at + ".jsonPaths[" + j + "]";
        if (path == null || path.name() == null || path.name().isBlank()) {
          errors.add(FieldError.required(pathField + ".name", "every JSON path needs a name"));
        } else if (!names.add(path.name())) {
          errors.add(
              FieldError.duplicate(
                  pathField + ".name", "the name " + path.name() + " is used twice in this rule"));
        }
        try {
          JsonPathExpression.parse(path == null ? null : path.path());
        } catch (IllegalArgumentException e) {
          errors.add(
              FieldError.invalid(pathField + ".path", "not a valid JSONPath: " + e.getMessage()));
        }
      }
    }
    return errors;
  }

  private static List<FieldError> checkConditionRules(String field, List<ConditionRule> rules) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; rules != null && i < rules.size(); i++) {
      ConditionRule rule = rules.get(i);
      String at = field + "[" + i + "]";
      if (rule == null || rule.type() == null || !ConditionRule.TYPES.contains(rule.type())) {
        errors.add(
            FieldError.notSupported(
                at + ".type", rule == null ? null : rule.type(), ConditionRule.TYPES));
        continue;
      }
      if (ConditionRule.CEL.equals(rule.type())) {
        if (rule.condition() == null || rule.condition().isBlank()) {
          errors.add(
              FieldError.required(
                  at + ".condition", "a CEL rule names the condition it sets, such as Ready"));
        }
        if (rule.celExpressions() == null || rule.celExpressions().isEmpty()) {
          errors.add(
              FieldError.required(
                  at + ".celExpressions",
                  "a CEL rule needs at least one expression over object, such as"
                      + " object.status.readyReplicas == object.spec.replicas"));
        }
      } else if (rule.condition() != null
          && !rule.condition().isEmpty()
          && !ConditionRule.COMPLETE.equals(rule.condition())) {
        errors.add(
            FieldError.notSupported(
                at + ".condition", rule.condition(), List.of(ConditionRule.COMPLETE)));
      }
      for (int j = 0; rule.celExpressions() != null && j < rule.celExpressions().size(); j++) {
        String expression = rule.celExpressions().get(j);
        int index = j;
        CelConditionRules.problem(expression == null ? "" : expression, false)
            .ifPresent(
                p ->
                    errors.add(
                        FieldError.invalid(
                            at + ".celExpressions[" + index + "]",
                            "the CEL expression does not compile: " + p)));
      }
      if (rule.messageExpression() != null && !rule.messageExpression().isEmpty()) {
        CelConditionRules.problem(rule.messageExpression(), true)
            .ifPresent(
                p ->
                    errors.add(
                        FieldError.invalid(
                            at + ".messageExpression",
                            "the CEL expression does not compile: " + p)));
      }
    }
    return errors;
  }

  private static List<FieldError> checkExecutor(Executor executor) {
    if (executor == null || executor.subject() == null) {
      return List.of();
    }
    ExecutorSubject subject = executor.subject();
    String field = "spec.executor.subject";
    if (!ExecutorSubject.SERVICE_ACCOUNT.equals(subject.type())) {
      return List.of(
          FieldError.notSupported(
              field + ".type", subject.type(), List.of(ExecutorSubject.SERVICE_ACCOUNT)));
    }
    ServiceAccountRef account = subject.serviceAccount();
    if (account == null) {
      return List.of(
          FieldError.required(
              field + ".serviceAccount",
              "a ServiceAccount subject needs serviceAccount.namespace and .name"));
    }
    List<FieldError> errors = new ArrayList<>();
    if (account.namespace() == null || account.namespace().isEmpty()) {
      errors.add(
          FieldError.required(
              field + ".serviceAccount.namespace", "name the ServiceAccount's namespace"));
    } else {
      errors.addAll(Names.checkLabel(field + ".serviceAccount.namespace", account.namespace()));
    }
    if (account.name() == null || account.name().isEmpty()) {
      errors.add(FieldError.required(field + ".serviceAccount.name", "name the ServiceAccount"));
    } else {
      errors.addAll(Names.checkSubdomain(field + ".serviceAccount.name", account.name()));
    }
    return errors;
  }

  private static long sizeOf(GenericKubernetesResource manifest) {
    try {
      return JSON.writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a manifest could not be serialized", e);
    }
  }
}
