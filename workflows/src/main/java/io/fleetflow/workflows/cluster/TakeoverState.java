package io.fleetflow.workflows.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.workflows.takeover.TakeoverProgress;
import java.util.ArrayList;
import java.util.List;

/** What a ManagedCluster workflow knows about its cluster's takeover, carried across runs. */
public class TakeoverState {
  /** The resources installed on the cluster, in install order, as the last run left them. */
  public List<GenericKubernetesResource> installed = new ArrayList<>();

  /** Whether a takeover was started since the cluster was last accepted (and not released). */
  public boolean takenOver;

  /** The profile generation last installed completely, 0 when none. */
  public long installedGeneration;

  /** Whether an install should run: first acceptance, profile change, retry, set change. */
  public boolean pending;

  /** Why the last install stopped, or null. */
  public String failure;

  /** The operator's forced release (who, why, when), or null. */
  public ForcedRelease forced;

  /** The last progress the running takeover reported, or null. */
  public TakeoverProgress progress;

  /**
   * An operator's (or an auto-removal rule's) decision to orphan what a release cannot remove.
   *
   * @param user who forced it
   * @param reason why
   * @param time when, as an RFC 3339 instant
   */
  public record ForcedRelease(String user, String reason, String time) {}
}
