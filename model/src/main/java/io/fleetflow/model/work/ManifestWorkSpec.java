package io.fleetflow.model.work;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;

/** The desired state of a ManifestWork, with OCM's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManifestWorkSpec {
  private Workload workload = new Workload(new ArrayList<>());
  private DeleteOption deleteOption;
  private List<ManifestConfigOption> manifestConfigs;
  private Executor executor;

  public Workload getWorkload() {
    return workload;
  }

  public void setWorkload(Workload workload) {
    this.workload = workload;
  }

  public DeleteOption getDeleteOption() {
    return deleteOption;
  }

  public void setDeleteOption(DeleteOption deleteOption) {
    this.deleteOption = deleteOption;
  }

  public List<ManifestConfigOption> getManifestConfigs() {
    return manifestConfigs;
  }

  public void setManifestConfigs(List<ManifestConfigOption> manifestConfigs) {
    this.manifestConfigs = manifestConfigs;
  }

  public Executor getExecutor() {
    return executor;
  }

  public void setExecutor(Executor executor) {
    this.executor = executor;
  }

  /** The objects to apply, each a complete Kubernetes object. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Workload(List<GenericKubernetesResource> manifests) {}

  /** How the work's resources are treated when the work is deleted. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DeleteOption(
      String propagationPolicy,
      SelectivelyOrphan selectivelyOrphans,
      Long ttlSecondsAfterFinished) {
    public static final String FOREGROUND = "Foreground";
    public static final String ORPHAN = "Orphan";
    public static final String SELECTIVELY_ORPHAN = "SelectivelyOrphan";
  }

  /** The resources that a {@code SelectivelyOrphan} deletion leaves on the cluster. */
  public record SelectivelyOrphan(List<ResourceIdentifier> orphaningRules) {}

  /** Identifies one resource of the work by group, plural resource, name and namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ResourceIdentifier(String group, String resource, String name, String namespace) {}

  /** Per-resource options: update strategy, status feedback and condition rules. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ManifestConfigOption(
      ResourceIdentifier resourceIdentifier, UpdateStrategy updateStrategy) {}

  /** How the agent writes one resource. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record UpdateStrategy(String type, ServerSideApplyConfig serverSideApply) {
    public static final List<String> TYPES =
        List.of("Update", "CreateOnly", "ServerSideApply", "ReadOnly");
  }

  /** Options of the {@code ServerSideApply} update strategy. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ServerSideApplyConfig(Boolean force, String fieldManager) {}

  /** The identity the agent applies the work as. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Executor(ExecutorSubject subject) {}

  /** The subject of an executor; OCM knows only {@code ServiceAccount}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ExecutorSubject(String type, ServiceAccountRef serviceAccount) {}

  /** A ServiceAccount by namespace and name. */
  public record ServiceAccountRef(String namespace, String name) {}
}
