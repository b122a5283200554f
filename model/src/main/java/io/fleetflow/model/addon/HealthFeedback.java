package io.fleetflow.model.addon;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.model.work.ManifestWorkSpec.ConditionRule;
import io.fleetflow.model.work.ManifestWorkSpec.FeedbackRule;
import io.fleetflow.model.work.ManifestWorkSpec.JsonPath;
import io.fleetflow.model.work.ManifestWorkSpec.ManifestConfigOption;
import io.fleetflow.model.work.ManifestWorkSpec.ResourceIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an add-on's works must report back for the hub to judge them, as OCM's add-on framework adds
 * it: {@code WellKnownStatus} feedback on every Deployment for {@code DeploymentAvailability}, the
 * probe's JSON path on the probed resource for {@code WorkField}, and the well-known {@code
 * Complete} condition on the pre-delete hook's Jobs.
 */
final class HealthFeedback {
  private HealthFeedback() {}

  /** Returns the template's manifest configs with the health check's feedback rules merged in. */
  static List<ManifestConfigOption> withRules(
      List<ManifestConfigOption> configs,
      List<GenericKubernetesResource> manifests,
      HealthCheck health) {
    List<ManifestConfigOption> merged =
        configs == null ? new ArrayList<>() : new ArrayList<>(configs);
    if (health == null) {
      return merged.isEmpty() ? null : merged;
    }
    for (GenericKubernetesResource m : manifests) {
      FeedbackRule rule = ruleFor(m, health);
      if (rule != null) {
        add(merged, identifier(m), rule);
      }
    }
    return merged.isEmpty() ? null : merged;
  }

  /**
   * The condition rules by which the hook's work reports each Job (and Pod) Complete, which is what
   * a removal waits for.
   */
  static List<ManifestConfigOption> hookCompletion(List<GenericKubernetesResource> manifests) {
    List<ManifestConfigOption> configs = new ArrayList<>();
    for (GenericKubernetesResource m : manifests) {
      if ("Job".equals(m.getKind()) || "Pod".equals(m.getKind())) {
        configs.add(
            new ManifestConfigOption(
                identifier(m),
                null,
                null,
                List.of(
                    new ConditionRule(
                        ConditionRule.COMPLETE,
                        ConditionRule.WELL_KNOWN_CONDITIONS,
                        null,
                        null,
                        null))));
      }
    }
    return configs.isEmpty() ? null : configs;
  }

  private static FeedbackRule ruleFor(GenericKubernetesResource m, HealthCheck health) {
    if (HealthCheck.DEPLOYMENT_AVAILABILITY.equals(health.mode())
        && "Deployment".equals(m.getKind())) {
      return new FeedbackRule(FeedbackRule.WELL_KNOWN_STATUS, null);
    }
    HealthCheck.Probe probe = health.probe();
    if (HealthCheck.WORK_FIELD.equals(health.mode())
        && probe != null
        && probe.kind().equals(m.getKind())
        && probe.name().equals(m.getMetadata().getName())
        && probe.namespace().equals(m.getMetadata().getNamespace())) {
      return new FeedbackRule(
          FeedbackRule.JSON_PATHS,
          List.of(new JsonPath(HealthCheck.Probe.FEEDBACK_NAME, null, probe.path())));
    }
    return null;
  }

  private static void add(
      List<ManifestConfigOption> configs, ResourceIdentifier id, FeedbackRule rule) {
    for (int i = 0; i < configs.size(); i++) {
      ManifestConfigOption c = configs.get(i);
      if (id.equals(c.resourceIdentifier())) {
        List<FeedbackRule> rules =
            c.feedbackRules() == null ? new ArrayList<>() : new ArrayList<>(c.feedbackRules());
        if (!rules.contains(rule)) {
          rules.add(rule);
        }
        configs.set(
            i,
            new ManifestConfigOption(
                c.resourceIdentifier(), rules, c.updateStrategy(), c.conditionRules()));
        return;
      }
    }
    configs.add(new ManifestConfigOption(id, List.of(rule), null, null));
  }

  private static ResourceIdentifier identifier(GenericKubernetesResource m) {
    String apiVersion = m.getApiVersion() == null ? "" : m.getApiVersion();
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    return new ResourceIdentifier(
        group, plural(m.getKind()), m.getMetadata().getName(), m.getMetadata().getNamespace());
  }

  /**
   * Kubernetes' plural of a kind, by its default rule (Deployment: deployments, Ingress:
   * ingresses).
   */
  static String plural(String kind) {
    String lower = kind.toLowerCase(Locale.ROOT);
    if (lower.endsWith("s")
        || lower.endsWith("x")
        || lower.endsWith("ch")
        || lower.endsWith("sh")) {
      return lower + "es";
    }
    if (lower.endsWith("y")
        && lower.length() > 1
        && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
      return lower.substring(0, lower.length() - 1) + "ies";
    }
    return lower + "s";
  }
}
