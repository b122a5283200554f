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

  /**
   * Per-resource options: update strategy, status feedback and condition rules, for the manifest
   * that {@code resourceIdentifier} names.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ManifestConfigOption(
      ResourceIdentifier resourceIdentifier,
      List<FeedbackRule> feedbackRules,
      UpdateStrategy updateStrategy,
      List<ConditionRule> conditionRules) {
    /** A config that sets only the update strategy. */
    public ManifestConfigOption(
        ResourceIdentifier resourceIdentifier, UpdateStrategy updateStrategy) {
      this(resourceIdentifier, null, updateStrategy, null);
    }
  }

  /** How the agent writes one resource. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record UpdateStrategy(String type, ServerSideApplyConfig serverSideApply) {
    public static final String UPDATE = "Update";
    public static final String CREATE_ONLY = "CreateOnly";
    public static final String SERVER_SIDE_APPLY = "ServerSideApply";
    public static final String READ_ONLY = "ReadOnly";
    public static final List<String> TYPES =
        List.of(UPDATE, CREATE_ONLY, SERVER_SIDE_APPLY, READ_ONLY);
  }

  /**
   * Options of the {@code ServerSideApply} update strategy. {@code ignoreFields} is kept as written
   * and not acted on (see docs/api.md).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ServerSideApplyConfig(
      Boolean force, String fieldManager, List<IgnoreField> ignoreFields) {
    /** OCM's default field manager, and the prefix every field manager must start with. */
    public static final String DEFAULT_FIELD_MANAGER = "work-agent";

    public ServerSideApplyConfig(Boolean force, String fieldManager) {
      this(force, fieldManager, null);
    }
  }

  /** Fields that server-side apply leaves alone, by OCM's condition and JSON paths. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record IgnoreField(String condition, List<String> jsonPaths) {}

  /** Which status fields of a resource the agent reports back as feedback. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FeedbackRule(String type, List<JsonPath> jsonPaths) {
    public static final String WELL_KNOWN_STATUS = "WellKnownStatus";
    public static final String JSON_PATHS = "JSONPaths";
    public static final List<String> TYPES = List.of(WELL_KNOWN_STATUS, JSON_PATHS);
  }

  /**
   * One value to report: {@code path} is a Kubernetes JSONPath into the object (such as {@code
   * .status.readyReplicas}); {@code version}, when set, must match the object's API version.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record JsonPath(String name, String version, String path) {}

  /**
   * A condition of one resource, computed on the cluster: either OCM's well-known {@code Complete}
   * rule for Jobs and Pods ({@code WellKnownConditions}) or CEL expressions over {@code object}
   * that must all be true ({@code CEL}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ConditionRule(
      String condition,
      String type,
      List<String> celExpressions,
      String message,
      String messageExpression) {
    public static final String WELL_KNOWN_CONDITIONS = "WellKnownConditions";
    public static final String CEL = "CEL";
    public static final List<String> TYPES = List.of(WELL_KNOWN_CONDITIONS, CEL);

    /** The only well-known condition in OCM. */
    public static final String COMPLETE = "Complete";
  }

  /** The identity the agent applies the work as. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Executor(ExecutorSubject subject) {}

  /** The subject of an executor; OCM knows only {@code ServiceAccount}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ExecutorSubject(String type, ServiceAccountRef serviceAccount) {
    public static final String SERVICE_ACCOUNT = "ServiceAccount";
  }

  /** A ServiceAccount by namespace and name. */
  public record ServiceAccountRef(String namespace, String name) {}
}
