package io.fleetflow.hub.addon;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.addon.AddOnActivities;
import io.fleetflow.activities.addon.AddOnRenderRequest;
import io.fleetflow.activities.addon.RenderedAddOn;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.client.Visibility;
import io.fleetflow.model.addon.AddOnConfig;
import io.fleetflow.model.addon.AddOnConfigResolver;
import io.fleetflow.model.addon.AddOnDeploymentConfig;
import io.fleetflow.model.addon.AddOnDeploymentConfigSpec;
import io.fleetflow.model.addon.AddOnHubPermissions;
import io.fleetflow.model.addon.AddOnKinds;
import io.fleetflow.model.addon.AddOnRenderer;
import io.fleetflow.model.addon.AddOnRenderer.RenderException;
import io.fleetflow.model.addon.AddOnTemplate;
import io.fleetflow.model.addon.ClusterManagementAddOn;
import io.fleetflow.model.addon.ConfigKinds;
import io.fleetflow.model.addon.ConfigReference;
import io.fleetflow.model.addon.ConfigSpecHash;
import io.fleetflow.model.addon.HealthCheck;
import io.fleetflow.model.addon.ManagedClusterAddOn;
import io.fleetflow.model.addon.SpecHashes;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.model.placement.PlacementKinds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Resolves and renders add-ons, and creates and deletes their ManagedClusterAddOns. */
@Component("addOnActivities")
public class AddOnActivitiesImpl implements AddOnActivities {
  /** The signal by which a ClusterManagementAddOn hears that a config changed. */
  public static final String CONFIG_CHANGED = "configChanged";

  /** The signal by which a ManagedClusterAddOn is asked to render again. */
  public static final String CONFIGS_CHANGED = "configsChanged";

  private final EntityClient entities;

  public AddOnActivitiesImpl(EntityClient entities) {
    this.entities = entities;
  }

  @Override
  public RenderedAddOn render(AddOnRenderRequest request) {
    // A rollout step carries the add-on: its workflow, busy sending a revision to every cluster,
    // is then not asked once per cluster.
    Optional<ClusterManagementAddOn> found =
        request.manager() != null
            ? Optional.of(request.manager())
            : entities.entity(AddOnKinds.CLUSTER_MANAGEMENT_ADD_ON, null, request.addOn()).find();
    if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
      return RenderedAddOn.failed(
          "ClusterManagementAddOnNotFound",
          "no ClusterManagementAddOn \""
              + request.addOn()
              + "\" exists: create it first (clusteradm addon create "
              + request.addOn()
              + " -f <manifests>), or name an existing add-on (kubectl get"
              + " clustermanagementaddons)");
    }
    ClusterManagementAddOn addOn = found.get();
    HealthCheck health = HealthCheck.of(addOn).orElse(new HealthCheck(HealthCheck.WORK, null));
    if (!addOn.managedByHub()) {
      return new RenderedAddOn(
          null,
          false,
          null,
          null,
          null,
          null,
          List.of(),
          health,
          addOn.getSpec().getAddOnMeta(),
          List.of(),
          null,
          List.of());
    }
    List<AddOnConfig> inherited =
        request.rolloutConfigs() != null
            ? request.rolloutConfigs()
            : AddOnConfigResolver.forPlacement(addOn, request.placement());
    List<AddOnConfig> configs = AddOnConfigResolver.resolve(inherited, request.configs());
    AddOnTemplate template = null;
    AddOnDeploymentConfig deploymentConfig = null;
    List<ConfigReference> references = new ArrayList<>();
    for (AddOnConfig c : configs) {
      Object spec;
      if (ConfigKinds.isTemplate(c.group(), c.resource())) {
        template = template(c).orElse(null);
        if (template == null) {
          return RenderedAddOn.failed(
              "TemplateNotFound",
              "AddOnTemplate \""
                  + c.name()
                  + "\" of add-on "
                  + request.addOn()
                  + " does not exist: create it (kubectl get addontemplates lists those that do)");
        }
        spec = template.getSpec();
      } else if (ConfigKinds.isDeploymentConfig(c.group(), c.resource())) {
        deploymentConfig = deploymentConfig(c).orElse(null);
        if (deploymentConfig == null) {
          return RenderedAddOn.failed(
              "ConfigNotFound",
              "AddOnDeploymentConfig \""
                  + c.describe()
                  + "\" of add-on "
                  + request.addOn()
                  + " does not exist: create it, or remove it from the add-on's configs");
        }
        spec = deploymentConfig.getSpec();
      } else {
        continue;
      }
      ConfigSpecHash hash = new ConfigSpecHash(c.namespace(), c.name(), SpecHashes.of(spec));
      references.add(
          new ConfigReference(c.group(), c.resource(), c.name(), c.namespace(), hash, null, null));
    }
    if (template == null) {
      return RenderedAddOn.failed(
          "NoTemplate",
          "add-on "
              + request.addOn()
              + " names no AddOnTemplate: give its ClusterManagementAddOn a supportedConfigs entry"
              + " {group: addon.open-cluster-management.io, resource: addontemplates,"
              + " defaultConfig: {name: <template>}}");
    }
    AddOnDeploymentConfigSpec configSpec =
        deploymentConfig == null ? null : deploymentConfig.getSpec();
    try {
      AddOnRenderer.Rendered rendered =
          AddOnRenderer.render(
              request.cluster(), template, configSpec, request.installNamespace(), health);
      return new RenderedAddOn(
          null,
          true,
          rendered.installNamespace(),
          rendered.deploy(),
          rendered.hook(),
          SpecHashes.of(
              rendered.hook() == null
                  ? List.of(rendered.deploy())
                  : List.of(rendered.deploy(), rendered.hook())),
          references,
          health,
          addOn.getSpec().getAddOnMeta(),
          AddOnRegistrations.of(request.cluster(), request.addOn(), template),
          ScoreProducers.of(addOn),
          AddOnHubPermissions.of(request.cluster(), request.addOn(), template));
    } catch (RenderException e) {
      return RenderedAddOn.failed(e.reason(), e.getMessage());
    }
  }

  @Override
  public List<ConfigReference> hash(List<AddOnConfig> configs) {
    List<ConfigReference> hashed = new ArrayList<>();
    for (AddOnConfig c : configs) {
      String hash = specOf(c).map(SpecHashes::of).orElse(null);
      hashed.add(
          new ConfigReference(
              c.group(),
              c.resource(),
              c.name(),
              c.namespace(),
              new ConfigSpecHash(c.namespace(), c.name(), hash),
              null,
              null));
    }
    return hashed;
  }

  /** The spec of a config object, if it exists and is of a kind add-ons read. */
  private Optional<Object> specOf(AddOnConfig c) {
    if (ConfigKinds.isTemplate(c.group(), c.resource())) {
      return template(c).map(AddOnTemplate::getSpec);
    }
    if (ConfigKinds.isDeploymentConfig(c.group(), c.resource())) {
      return deploymentConfig(c).map(AddOnDeploymentConfig::getSpec);
    }
    return Optional.empty();
  }

  private Optional<AddOnTemplate> template(AddOnConfig c) {
    return entities.entity(AddOnKinds.ADD_ON_TEMPLATE, null, c.name()).find();
  }

  private Optional<AddOnDeploymentConfig> deploymentConfig(AddOnConfig c) {
    return entities.entity(AddOnKinds.ADD_ON_DEPLOYMENT_CONFIG, c.namespace(), c.name()).find();
  }

  @Override
  public boolean install(String cluster, String addOn, String placement, Actor actor) {
    ManagedClusterAddOn created = new ManagedClusterAddOn();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(cluster);
    meta.setName(addOn);
    Map<String, String> annotations = new HashMap<>();
    annotations.put(ManagedClusterAddOn.INSTALLED_BY, placement);
    meta.setAnnotations(annotations);
    created.setMetadata(meta);
    try {
      entities.create(AddOnKinds.MANAGED_CLUSTER_ADD_ON, created, actor);
      return true;
    } catch (EntityException.AlreadyExists e) {
      // Made by hand, by another placement, or by this call before a crash: it stays as it is.
      return false;
    }
  }

  @Override
  public boolean uninstall(String cluster, String addOn, String onlyIfInstalledBy, Actor actor) {
    var ref = entities.entity(AddOnKinds.MANAGED_CLUSTER_ADD_ON, cluster, addOn);
    Optional<ManagedClusterAddOn> existing = ref.find();
    if (existing.isEmpty() || existing.get().getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    if (onlyIfInstalledBy != null) {
      Map<String, String> annotations = existing.get().getMetadata().getAnnotations();
      String by = annotations == null ? null : annotations.get(ManagedClusterAddOn.INSTALLED_BY);
      if (!Objects.equals(by, onlyIfInstalledBy)) {
        return false;
      }
    }
    try {
      ref.delete(actor);
      return true;
    } catch (EntityException.NotFound e) {
      return false;
    }
  }

  @Override
  public void publishScore(
      String cluster,
      String name,
      List<AddOnPlacementScore.Score> scores,
      String validUntil,
      Actor actor) {
    AddOnPlacementScore score = new AddOnPlacementScore();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(cluster);
    meta.setName(name);
    score.setMetadata(meta);
    AddOnPlacementScore.Status status = new AddOnPlacementScore.Status();
    status.setScores(new ArrayList<>(scores));
    status.setValidUntil(validUntil);
    score.setStatus(status);
    var ref = entities.entity(PlacementKinds.ADD_ON_PLACEMENT_SCORE, cluster, name);
    try {
      entities.create(PlacementKinds.ADD_ON_PLACEMENT_SCORE, score, actor);
    } catch (EntityException.AlreadyExists e) {
      ref.apply(score, actor);
    }
  }

  @Override
  public List<String> addOnsOn(String cluster) {
    return entities
        .ids(Visibility.of(AddOnKinds.MANAGED_CLUSTER_ADD_ON).inNamespace(cluster))
        .stream()
        .map(id -> id.substring(id.lastIndexOf('/') + 1))
        .sorted()
        .toList();
  }

  @Override
  public List<String> clustersWith(String addOn) {
    return entities.ids(Visibility.of(AddOnKinds.MANAGED_CLUSTER_ADD_ON).named(addOn)).stream()
        .map(id -> id.split("/")[1])
        .sorted()
        .toList();
  }

  @Override
  public int configChanged(AddOnConfig config) {
    return entities.signalAll(
        AddOnKinds.CLUSTER_MANAGEMENT_ADD_ON,
        Visibility.of(AddOnKinds.CLUSTER_MANAGEMENT_ADD_ON),
        CONFIG_CHANGED,
        config);
  }

  @Override
  public int renderAgain(String addOn, List<String> clusters) {
    if (clusters == null) {
      return entities.signalAll(
          AddOnKinds.MANAGED_CLUSTER_ADD_ON,
          Visibility.of(AddOnKinds.MANAGED_CLUSTER_ADD_ON).named(addOn),
          CONFIGS_CHANGED);
    }
    int told = 0;
    for (String cluster : clusters) {
      try {
        entities.entity(AddOnKinds.MANAGED_CLUSTER_ADD_ON, cluster, addOn).signal(CONFIGS_CHANGED);
        told++;
      } catch (EntityException.NotFound e) {
        // The add-on left the cluster meanwhile.
      }
    }
    return told;
  }
}
