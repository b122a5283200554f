package io.fleetflow.model.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** What a ManagedClusterView shows, with the foundation API's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterViewSpec {
  private Scope scope;

  public Scope getScope() {
    return scope;
  }

  public void setScope(Scope scope) {
    this.scope = scope;
  }

  /**
   * The one object a view shows.
   *
   * @param apiGroup the object's API group; empty for the core group
   * @param version the group's version; empty for the version the cluster prefers
   * @param kind the object's kind, such as {@code Deployment}; this or {@code resource} is needed
   * @param resource the object's resource, such as {@code deployments} or {@code
   *     deployments.v1.apps}; it wins over {@code kind} when both are given, as in the foundation
   *     API
   * @param name the object's name
   * @param namespace the object's namespace; empty for a cluster-scoped object
   * @param updateIntervalSeconds how often OCM's agent reads the object again; Fleetflow's agent
   *     watches it instead, so this is kept for compatibility and otherwise unused
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Scope(
      String apiGroup,
      String version,
      String kind,
      String resource,
      String name,
      String namespace,
      Integer updateIntervalSeconds) {

    /** The kind or resource as a person reads it, such as {@code deployments.apps}. */
    public String describeType() {
      String type = resource != null && !resource.isEmpty() ? resource : kind;
      return apiGroup == null || apiGroup.isEmpty() || type.contains(".")
          ? type
          : type + "." + apiGroup;
    }

    /** The object as a person reads it: {@code namespace/name}, or the name alone. */
    public String describeObject() {
      return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }
  }
}
