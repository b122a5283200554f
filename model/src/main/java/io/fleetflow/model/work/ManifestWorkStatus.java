package io.fleetflow.model.work;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** The observed state of a ManifestWork, in OCM's shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManifestWorkStatus {
  private List<Condition> conditions = new ArrayList<>();
  private ResourceStatus resourceStatus = new ResourceStatus(new ArrayList<>());

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public ResourceStatus getResourceStatus() {
    return resourceStatus;
  }

  public void setResourceStatus(ResourceStatus resourceStatus) {
    this.resourceStatus = resourceStatus;
  }

  /** The status of every manifest of the work. */
  public record ResourceStatus(List<ManifestCondition> manifests) {}

  /**
   * The status of one manifest, identified by its {@code resourceMeta}: the values its feedback
   * rules read, and its conditions (Applied, Available, and those of condition rules).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ManifestCondition(
      ResourceMeta resourceMeta, StatusFeedbackResult statusFeedback, List<Condition> conditions) {
    public ManifestCondition(ResourceMeta resourceMeta, List<Condition> conditions) {
      this(resourceMeta, null, conditions);
    }
  }

  /** Identifies a manifest by its ordinal in the work and by its coordinates on the cluster. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ResourceMeta(
      int ordinal,
      String group,
      String version,
      String kind,
      String resource,
      String name,
      String namespace) {}

  /** The values that a manifest's feedback rules read from the cluster. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StatusFeedbackResult(List<FeedbackValue> values) {}

  /** One named value read by a feedback rule. */
  public record FeedbackValue(String name, FieldValue fieldValue) {}

  /**
   * A typed value, as OCM reports it: exactly one of {@code integer}, {@code string}, {@code
   * boolean} or {@code jsonRaw} is set, as {@code type} says.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FieldValue(
      String type,
      Long integer,
      String string,
      // OCM's field is named boolean, a Java keyword.
      @com.fasterxml.jackson.annotation.JsonProperty("boolean") Boolean bool,
      String jsonRaw) {
    public static final String INTEGER = "Integer";
    public static final String STRING = "String";
    public static final String BOOLEAN = "Boolean";
    public static final String JSON_RAW = "JsonRaw";

    public static FieldValue ofInteger(long value) {
      return new FieldValue(INTEGER, value, null, null, null);
    }

    public static FieldValue ofString(String value) {
      return new FieldValue(STRING, null, value, null, null);
    }

    public static FieldValue ofBoolean(boolean value) {
      return new FieldValue(BOOLEAN, null, null, value, null);
    }

    public static FieldValue ofJsonRaw(String json) {
      return new FieldValue(JSON_RAW, null, null, null, json);
    }
  }
}
