package io.fleetflow.workflows.work;

import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import java.util.ArrayList;
import java.util.List;

/** Everything a ManifestWork workflow carries across continue-as-new. */
public class ManifestWorkState {
  /** The object as the API shows it. */
  public ManifestWork work;

  /** The generation last applied on the cluster, or 0 before the first apply. */
  public long appliedGeneration;

  /**
   * The resources applied on the cluster, as OCM's AppliedManifestWork tracks them, so deletion and
   * later generations know what exists.
   */
  public List<ResourceMeta> appliedResources = new ArrayList<>();
}
