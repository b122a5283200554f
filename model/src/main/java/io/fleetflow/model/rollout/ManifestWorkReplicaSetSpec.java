package io.fleetflow.model.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fleetflow.model.work.ManifestWorkSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The desired state of a ManifestWorkReplicaSet with OCM's field names ({@code
 * manifestWorkTemplate}, {@code placementRefs}, {@code cascadeDeletionPolicy}), plus Fleetflow's
 * optional {@code approvalGates} and {@code autoRollback}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManifestWorkReplicaSetSpec {
  public static final String BACKGROUND = "Background";
  public static final String FOREGROUND = "Foreground";

  private ManifestWorkSpec manifestWorkTemplate = new ManifestWorkSpec();
  private List<LocalPlacementReference> placementRefs = new ArrayList<>();
  private String cascadeDeletionPolicy;
  private ApprovalGates approvalGates;
  private Boolean autoRollback;

  public ManifestWorkSpec getManifestWorkTemplate() {
    return manifestWorkTemplate;
  }

  public void setManifestWorkTemplate(ManifestWorkSpec manifestWorkTemplate) {
    this.manifestWorkTemplate = manifestWorkTemplate;
  }

  public List<LocalPlacementReference> getPlacementRefs() {
    return placementRefs;
  }

  public void setPlacementRefs(List<LocalPlacementReference> placementRefs) {
    this.placementRefs = placementRefs;
  }

  public String getCascadeDeletionPolicy() {
    return cascadeDeletionPolicy;
  }

  public void setCascadeDeletionPolicy(String cascadeDeletionPolicy) {
    this.cascadeDeletionPolicy = cascadeDeletionPolicy;
  }

  /** Fleetflow: where a person must approve before the rollout goes on; null means nowhere. */
  public ApprovalGates getApprovalGates() {
    return approvalGates;
  }

  public void setApprovalGates(ApprovalGates approvalGates) {
    this.approvalGates = approvalGates;
  }

  /**
   * Fleetflow: when true, a breach of {@code maxFailures} rolls the changed clusters back to their
   * previous revision, in reverse order, without a person.
   */
  public Boolean getAutoRollback() {
    return autoRollback;
  }

  public void setAutoRollback(Boolean autoRollback) {
    this.autoRollback = autoRollback;
  }

  /** Returns true when automatic rollback is on. */
  public boolean autoRollbackEnabled() {
    return Boolean.TRUE.equals(autoRollback);
  }

  /**
   * A placement in the replica set's namespace and how to roll out to the clusters it selects.
   *
   * @param name the placement's name
   * @param rolloutStrategy the strategy; null means {@code All}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LocalPlacementReference(String name, RolloutStrategy rolloutStrategy) {}

  /**
   * Fleetflow's approval gates: durable waits for a person with the approver role.
   *
   * @param beforeFirstStage wait for an approval before any cluster changes
   * @param betweenStages wait for an approval before every later stage (decision group or batch)
   * @param expiry how long a gate waits (a duration such as {@code 4h}); null waits forever
   * @param onExpiry what an expired gate does: {@code Pause} (default) or {@code Abort}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ApprovalGates(
      Boolean beforeFirstStage, Boolean betweenStages, String expiry, String onExpiry) {
    public static final String PAUSE = "Pause";
    public static final String ABORT = "Abort";
    public static final List<String> ON_EXPIRY = List.of(PAUSE, ABORT);

    /** Returns true when a gate waits before the first stage. */
    public boolean gatesFirstStage() {
      return Boolean.TRUE.equals(beforeFirstStage);
    }

    /** Returns true when a gate waits before every later stage. */
    public boolean gatesLaterStages() {
      return Boolean.TRUE.equals(betweenStages);
    }

    /** Returns true when an expired gate aborts the rollout rather than pausing it. */
    public boolean abortsOnExpiry() {
      return ABORT.equals(onExpiry);
    }
  }
}
