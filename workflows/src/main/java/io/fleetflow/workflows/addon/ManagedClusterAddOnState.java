package io.fleetflow.workflows.addon;

import io.fleetflow.activities.addon.RenderedAddOn;
import io.fleetflow.model.addon.AddOnHubPermissions;
import io.fleetflow.model.addon.AddOnLease;
import io.fleetflow.model.addon.ManagedClusterAddOn;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.workflows.work.WorkOwners.StatusReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a ManagedClusterAddOn workflow carries from one run to the next. */
public class ManagedClusterAddOnState {
  /** How many rollout revisions' works the add-on keeps, so a rollback restores them exactly. */
  public static final int REVISIONS_KEPT = 3;

  /** The add-on, or null before it was created. */
  public ManagedClusterAddOn addOn;

  /** Something it renders from changed: render at the next reconcile. */
  public boolean renderDue = true;

  /** When to render again after a problem (epoch millis), or 0. */
  public long retryAt;

  /** The generation of the add-on that was last rendered. */
  public long renderedGeneration;

  /** The latest render, good or not. */
  public RenderedAddOn rendered;

  /** The rollout's latest step for this cluster, or null when no rollout reached it. */
  public AddOnRolloutStep rollout;

  /** The highest revision a rollout step ever gave the add-on; a lower one is a rollback. */
  public long highestStep;

  /** The works rendered at each rollout revision, newest {@link #REVISIONS_KEPT} only. */
  public Map<Long, KeptRender> renderedByRevision = new TreeMap<>();

  /** The revision of the deploy work (it moves whenever its content changes); 0 before any. */
  public long workRevision;

  /** The content hash the deploy work carries. */
  public String workHash;

  /** The deploy work's generation at {@link #workRevision}. */
  public long workGeneration;

  /** The latest status of the deploy work. */
  public StatusReport deployReport;

  /** The latest status of the pre-delete hook's work. */
  public StatusReport hookReport;

  /** What the cluster's agent last saw of the add-on's lease (Lease health), or null. */
  public AddOnLease lease;

  /** When to watch the lease again after the agent could not be reached (epoch millis), or 0. */
  public long leaseRetryAt;

  /** When the score producer measures next (epoch millis), or 0 before its first time. */
  public long nextScoreAt;

  /** The scores last published, or null. */
  public List<AddOnPlacementScore.Score> publishedScores;

  /** Until when the published scores are valid (epoch millis). */
  public long publishedValidUntil;

  /** The RoleBindings of the add-on's hub permissions, as last applied. */
  public List<AddOnHubPermissions.Binding> hubBindings = new ArrayList<>();

  /** The subject of the hub credential the cluster holds, or null when it holds none. */
  public String credentialSubject;

  /** When that credential expires (RFC 3339). */
  public String credentialNotAfter;

  /** When it is renewed (epoch millis). */
  public long credentialRenewAt;

  /** The CertificateSigningRequest of the latest credential issued. */
  public String credentialRequest;

  /** Why the registration last failed, or null. */
  public String registrationProblem;

  /** When to try a failed registration again (epoch millis), or 0. */
  public long registrationRetryAt;

  /** The last report sent to the ClusterManagementAddOn. */
  public AddOnReport reported;

  /**
   * A render kept for a rollback.
   *
   * @param generation the add-on's generation it was rendered at; a later spec renders anew
   * @param rendered the works
   */
  public record KeptRender(long generation, RenderedAddOn rendered) {}
}
