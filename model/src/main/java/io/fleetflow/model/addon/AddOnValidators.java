package io.fleetflow.model.addon;

import io.fleetflow.model.addon.AddOnDeploymentConfigSpec.CustomizedVariable;
import io.fleetflow.model.addon.AddOnDeploymentConfigSpec.ImageMirror;
import io.fleetflow.model.addon.AddOnTemplateSpec.HubPermission;
import io.fleetflow.model.addon.AddOnTemplateSpec.RegistrationSpec;
import io.fleetflow.model.addon.ClusterManagementAddOnSpec.ConfigMeta;
import io.fleetflow.model.addon.ClusterManagementAddOnSpec.InstallStrategy;
import io.fleetflow.model.addon.ClusterManagementAddOnSpec.PlacementStrategy;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetValidator;
import io.fleetflow.model.rollout.RolloutValues;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.Names;
import io.fleetflow.model.validation.ObjectValidator;
import io.fleetflow.model.work.ManifestWorkValidator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OCM's admission rules for the add-on kinds, and Fleetflow's: a config must be of a kind add-ons
 * read (an AddOnTemplate or an AddOnDeploymentConfig), variables must have OCM's names, and a
 * template's agent spec must be a valid ManifestWork spec whose placeholders are variable names.
 */
public final class AddOnValidators {
  /** OCM's limits on a customized variable. */
  public static final int MAX_VARIABLE_NAME = 255;

  public static final int MAX_VARIABLE_VALUE = 1024;

  private static final ManifestWorkValidator WORKS = new ManifestWorkValidator();
  private static final List<String> INSTALL_TYPES =
      List.of(InstallStrategy.MANUAL, InstallStrategy.PLACEMENTS);
  private static final List<String> REGISTRATION_TYPES =
      List.of(RegistrationSpec.KUBE_CLIENT, RegistrationSpec.CUSTOM_SIGNER);
  private static final List<String> PERMISSION_TYPES =
      List.of(HubPermission.CURRENT_CLUSTER, HubPermission.SINGLE_NAMESPACE);

  private AddOnValidators() {}

  public static final ObjectValidator<ClusterManagementAddOn> CLUSTER_MANAGEMENT_ADD_ONS =
      addOn -> {
        List<FieldError> errors =
            new ArrayList<>(Names.checkLabel("metadata.name", addOn.getMetadata().getName()));
        errors.addAll(checkHealthAnnotations(addOn.getMetadata().getAnnotations()));
        errors.addAll(checkProducerAnnotations(addOn.getMetadata().getAnnotations()));
        ClusterManagementAddOnSpec spec =
            addOn.getSpec() == null ? new ClusterManagementAddOnSpec() : addOn.getSpec();
        Set<String> kinds = new HashSet<>();
        for (int i = 0; i < spec.getSupportedConfigs().size(); i++) {
          ConfigMeta c = spec.getSupportedConfigs().get(i);
          String at = "spec.supportedConfigs[" + i + "]";
          errors.addAll(checkKind(at, c.group(), c.resource()));
          if (!kinds.add(ConfigKinds.groupResource(c.group(), c.resource()))) {
            errors.add(
                FieldError.duplicate(
                    at, "each config kind is listed once; merge the entries for " + c.resource()));
          }
          if (c.defaultConfig() != null) {
            errors.addAll(
                Names.checkSubdomain(at + ".defaultConfig.name", c.defaultConfig().name()));
          }
        }
        String type = spec.installType();
        if (!INSTALL_TYPES.contains(type)) {
          errors.add(FieldError.notSupported("spec.installStrategy.type", type, INSTALL_TYPES));
        }
        Set<String> placements = new HashSet<>();
        List<PlacementStrategy> list =
            spec.getInstallStrategy() == null || spec.getInstallStrategy().placements() == null
                ? List.of()
                : spec.getInstallStrategy().placements();
        if (InstallStrategy.PLACEMENTS.equals(type) && list.isEmpty()) {
          errors.add(
              FieldError.required(
                  "spec.installStrategy.placements",
                  "a Placements install strategy names at least one placement {namespace, name}"));
        }
        for (int i = 0; i < list.size(); i++) {
          PlacementStrategy p = list.get(i);
          String at = "spec.installStrategy.placements[" + i + "]";
          errors.addAll(Names.checkLabel(at + ".namespace", p.namespace()));
          errors.addAll(Names.checkSubdomain(at + ".name", p.name()));
          if (!placements.add(p.key())) {
            errors.add(FieldError.duplicate(at, "placement " + p.key() + " is listed twice"));
          }
          errors.addAll(checkConfigs(at + ".configs", p.configs()));
          errors.addAll(
              ManifestWorkReplicaSetValidator.checkGates(at + ".approvalGates", p.approvalGates()));
          if (p.rolloutStrategy() != null) {
            errors.addAll(
                ManifestWorkReplicaSetValidator.checkStrategy(
                    at + ".rolloutStrategy", p.rolloutStrategy()));
          }
        }
        return errors;
      };

  public static final ObjectValidator<ManagedClusterAddOn> MANAGED_CLUSTER_ADD_ONS =
      addOn -> {
        List<FieldError> errors =
            new ArrayList<>(Names.checkLabel("metadata.name", addOn.getMetadata().getName()));
        String namespace = addOn.getMetadata().getNamespace();
        if (namespace == null || namespace.isEmpty()) {
          errors.add(
              FieldError.required(
                  "metadata.namespace",
                  "a ManagedClusterAddOn lives in the namespace named after its cluster"));
        }
        ManagedClusterAddOnSpec spec =
            addOn.getSpec() == null ? new ManagedClusterAddOnSpec() : addOn.getSpec();
        if (spec.getInstallNamespace() != null && !spec.getInstallNamespace().isEmpty()) {
          errors.addAll(Names.checkLabel("spec.installNamespace", spec.getInstallNamespace()));
        }
        errors.addAll(checkConfigs("spec.configs", spec.getConfigs()));
        return errors;
      };

  public static final ObjectValidator<AddOnDeploymentConfig> DEPLOYMENT_CONFIGS =
      config -> {
        List<FieldError> errors =
            new ArrayList<>(Names.checkSubdomain("metadata.name", config.getMetadata().getName()));
        AddOnDeploymentConfigSpec spec =
            config.getSpec() == null ? new AddOnDeploymentConfigSpec() : config.getSpec();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < spec.getCustomizedVariables().size(); i++) {
          CustomizedVariable v = spec.getCustomizedVariables().get(i);
          String at = "spec.customizedVariables[" + i + "]";
          if (v.name() == null || !AddOnRenderer.VARIABLE_NAME.matcher(v.name()).matches()) {
            errors.add(
                FieldError.invalid(
                    at + ".name",
                    "\""
                        + v.name()
                        + "\" is not a variable name: use letters, digits and _ ("
                        + AddOnRenderer.VARIABLE_NAME.pattern()
                        + "), as {{NAME}} in the template"));
          } else if (v.name().length() > MAX_VARIABLE_NAME) {
            errors.add(
                FieldError.tooLong(at + ".name", "at most " + MAX_VARIABLE_NAME + " characters"));
          } else if (!names.add(v.name())) {
            errors.add(
                FieldError.duplicate(at + ".name", "variable " + v.name() + " is defined twice"));
          }
          if (v.value() != null && v.value().length() > MAX_VARIABLE_VALUE) {
            errors.add(
                FieldError.tooLong(at + ".value", "at most " + MAX_VARIABLE_VALUE + " characters"));
          }
        }
        if (spec.getAgentInstallNamespace() != null && !spec.getAgentInstallNamespace().isEmpty()) {
          errors.addAll(
              Names.checkLabel("spec.agentInstallNamespace", spec.getAgentInstallNamespace()));
        }
        for (int i = 0; i < spec.getRegistries().size(); i++) {
          ImageMirror m = spec.getRegistries().get(i);
          String at = "spec.registries[" + i + "]";
          if (m.source() == null || m.source().isEmpty()) {
            errors.add(
                FieldError.required(at + ".source", "the registry (image prefix) to replace"));
          }
          if (m.mirror() == null || m.mirror().isEmpty()) {
            errors.add(FieldError.required(at + ".mirror", "the registry that replaces it"));
          }
        }
        if (spec.getNodePlacement() != null && spec.getNodePlacement().nodeSelector() != null) {
          for (Map.Entry<String, String> e : spec.getNodePlacement().nodeSelector().entrySet()) {
            errors.addAll(
                Names.checkLabelValue("spec.nodePlacement.nodeSelector", e.getKey(), e.getValue()));
          }
        }
        return errors;
      };

  public static final ObjectValidator<AddOnTemplate> TEMPLATES =
      template -> {
        List<FieldError> errors =
            new ArrayList<>(
                Names.checkSubdomain("metadata.name", template.getMetadata().getName()));
        AddOnTemplateSpec spec =
            template.getSpec() == null ? new AddOnTemplateSpec() : template.getSpec();
        if (spec.getAddonName() == null || spec.getAddonName().isEmpty()) {
          errors.add(
              FieldError.required(
                  "spec.addonName", "the name of the add-on this template deploys"));
        }
        if (spec.getAgentSpec() == null) {
          errors.add(
              FieldError.required(
                  "spec.agentSpec",
                  "what the add-on deploys to each cluster: a ManifestWork spec"));
          return errors;
        }
        errors.addAll(
            WORKS.validateSpec(
                "spec.agentSpec", template.getMetadata().getName(), spec.getAgentSpec()));
        for (String name : AddOnRenderer.placeholders(template)) {
          if (!AddOnRenderer.VARIABLE_NAME.matcher(name).matches()) {
            errors.add(
                FieldError.invalid(
                    "spec.agentSpec.workload.manifests",
                    "{{"
                        + name
                        + "}} is not a variable: placeholders are {{NAME}} with letters, digits"
                        + " and _ (CLUSTER_NAME, INSTALL_NAMESPACE, HUB_KUBECONFIG or a"
                        + " customized variable)"));
          }
        }
        for (int i = 0; i < spec.getRegistration().size(); i++) {
          RegistrationSpec r = spec.getRegistration().get(i);
          String at = "spec.registration[" + i + "]";
          if (!REGISTRATION_TYPES.contains(r.type())) {
            errors.add(FieldError.notSupported(at + ".type", r.type(), REGISTRATION_TYPES));
          } else if (RegistrationSpec.CUSTOM_SIGNER.equals(r.type())
              && (r.customSigner() == null || r.customSigner().signerName() == null)) {
            errors.add(
                FieldError.required(
                    at + ".customSigner.signerName", "the signer of the credential"));
          }
          List<HubPermission> permissions =
              r.kubeClient() == null || r.kubeClient().hubPermissions() == null
                  ? List.of()
                  : r.kubeClient().hubPermissions();
          for (int j = 0; j < permissions.size(); j++) {
            HubPermission p = permissions.get(j);
            String pat = at + ".kubeClient.hubPermissions[" + j + "]";
            if (!PERMISSION_TYPES.contains(p.type())) {
              errors.add(FieldError.notSupported(pat + ".type", p.type(), PERMISSION_TYPES));
            } else if (HubPermission.CURRENT_CLUSTER.equals(p.type())
                && (p.currentCluster() == null || p.currentCluster().clusterRoleName() == null)) {
              errors.add(
                  FieldError.required(
                      pat + ".currentCluster.clusterRoleName",
                      "the ClusterRole to bind in the cluster's namespace"));
            } else if (HubPermission.SINGLE_NAMESPACE.equals(p.type())
                && (p.singleNamespace() == null
                    || p.singleNamespace().namespace() == null
                    || p.singleNamespace().roleRef() == null)) {
              errors.add(
                  FieldError.required(
                      pat + ".singleNamespace", "the namespace and the roleRef to bind there"));
            }
          }
        }
        return errors;
      };

  /** A list of configs: each of a kind add-ons read, with a name; one of each kind. */
  static List<FieldError> checkConfigs(String field, List<AddOnConfig> configs) {
    List<FieldError> errors = new ArrayList<>();
    if (configs == null) {
      return errors;
    }
    Set<String> kinds = new HashSet<>();
    for (int i = 0; i < configs.size(); i++) {
      AddOnConfig c = configs.get(i);
      String at = field + "[" + i + "]";
      errors.addAll(checkKind(at, c.group(), c.resource()));
      errors.addAll(Names.checkSubdomain(at + ".name", c.name()));
      if (!kinds.add(c.groupResource())) {
        errors.add(
            FieldError.duplicate(
                at, "one config of each kind: " + c.groupResource() + " is named twice"));
      }
      if (ConfigKinds.isDeploymentConfig(c.group(), c.resource())
          && (c.namespace() == null || c.namespace().isEmpty())) {
        errors.add(
            FieldError.required(
                at + ".namespace", "an AddOnDeploymentConfig is namespaced: name its namespace"));
      }
    }
    return errors;
  }

  private static List<FieldError> checkKind(String at, String group, String resource) {
    if (ConfigKinds.supported(group, resource)) {
      return List.of();
    }
    return List.of(
        FieldError.notSupported(
            at, ConfigKinds.groupResource(group, resource), ConfigKinds.SUPPORTED));
  }

  private static List<FieldError> checkProducerAnnotations(Map<String, String> annotations) {
    List<FieldError> errors = new ArrayList<>();
    if (annotations == null) {
      return errors;
    }
    String producer = annotations.get(ClusterManagementAddOn.SCORE_PRODUCER);
    if (producer != null && !ResourceScores.SCORE_NAME.equals(producer)) {
      errors.add(
          FieldError.notSupported(
              "metadata.annotations[" + ClusterManagementAddOn.SCORE_PRODUCER + "]",
              producer,
              List.of(ResourceScores.SCORE_NAME)));
    }
    String period = annotations.get(ClusterManagementAddOn.SCORE_PERIOD);
    if (period != null) {
      String at = "metadata.annotations[" + ClusterManagementAddOn.SCORE_PERIOD + "]";
      try {
        if (RolloutValues.duration(period).map(d -> d.toSeconds() < 1).orElse(true)) {
          errors.add(
              FieldError.invalid(at, "give a period of a second or more, such as 30s or 5m"));
        }
      } catch (IllegalArgumentException e) {
        errors.add(FieldError.invalid(at, e.getMessage()));
      }
    }
    return errors;
  }

  private static List<FieldError> checkHealthAnnotations(Map<String, String> annotations) {
    if (annotations == null || !annotations.containsKey(ClusterManagementAddOn.HEALTH_CHECK)) {
      return List.of();
    }
    String at = "metadata.annotations[" + ClusterManagementAddOn.HEALTH_CHECK + "]";
    String mode = annotations.get(ClusterManagementAddOn.HEALTH_CHECK);
    if (!HealthCheck.MODES.contains(mode)) {
      return List.of(FieldError.notSupported(at, mode, HealthCheck.MODES));
    }
    if (HealthCheck.WORK_FIELD.equals(mode)
        && HealthCheck.parseProbe(annotations.get(ClusterManagementAddOn.HEALTH_PROBE)).isEmpty()) {
      return List.of(
          FieldError.invalid(
              "metadata.annotations[" + ClusterManagementAddOn.HEALTH_PROBE + "]",
              "WorkField health needs a probe <kind>/<namespace>/<name>:<json path>=<value>, such"
                  + " as Deployment/ns/agent:.status.readyReplicas=1"));
    }
    return List.of();
  }
}
