package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec.Executor;
import io.fleetflow.model.work.ManifestWorkSpec.ManifestConfigOption;
import io.fleetflow.model.work.ManifestWorkSpec.UpdateStrategy;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import java.util.List;

/**
 * Asks the agent to apply one generation of a ManifestWork.
 *
 * @param workNamespace the work's namespace, which is the cluster's name
 * @param workName the work's name
 * @param generation the generation being applied, for the status's observedGeneration
 * @param manifests the manifests, in the order the user wrote them (their ordinals)
 * @param manifestConfigs per-resource options, or null
 * @param executor the identity to apply as, or null for the agent's own
 * @param holder the workflow the agent tells of changes to what it applied, when not the work's own
 *     ({@code ManifestWork/<cluster>/<name>}, null here): a replica set that holds the work
 */
public record ApplyRequest(
    String workNamespace,
    String workName,
    long generation,
    List<GenericKubernetesResource> manifests,
    List<ManifestConfigOption> manifestConfigs,
    Executor executor,
    String holder) {
  /** A request for a work held by its own workflow. */
  public ApplyRequest(
      String workNamespace,
      String workName,
      long generation,
      List<GenericKubernetesResource> manifests,
      List<ManifestConfigOption> manifestConfigs,
      Executor executor) {
    this(workNamespace, workName, generation, manifests, manifestConfigs, executor, null);
  }

  /** A request that applies as the agent itself. */
  public ApplyRequest(
      String workNamespace,
      String workName,
      long generation,
      List<GenericKubernetesResource> manifests,
      List<ManifestConfigOption> manifestConfigs) {
    this(workNamespace, workName, generation, manifests, manifestConfigs, null, null);
  }

  /**
   * Returns true when the work only reads the resource ({@code ReadOnly} strategy): the agent never
   * writes or labels it, so it watches it by name.
   */
  public boolean readOnly(ResourceMeta meta) {
    return UpdateStrategy.READ_ONLY.equals(
        new ManifestConfigs(manifestConfigs).strategyOf(meta).type());
  }

  /**
   * The same request for a work that the given workflow holds, which the agent tells of changes.
   */
  public ApplyRequest heldBy(String holderWorkflowId) {
    return new ApplyRequest(
        workNamespace,
        workName,
        generation,
        manifests,
        manifestConfigs,
        executor,
        holderWorkflowId);
  }

  /** The request that applies the current generation of a work. */
  public static ApplyRequest of(ManifestWork work) {
    var spec = work.getSpec();
    return new ApplyRequest(
        work.getMetadata().getNamespace(),
        work.getMetadata().getName(),
        work.getMetadata().getGeneration(),
        spec.getWorkload().manifests(),
        spec.getManifestConfigs(),
        spec.getExecutor());
  }
}
