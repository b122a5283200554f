package io.fleetflow.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** What a ManagedClusterAction does, with the foundation API's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterActionSpec {
  private String actionType;
  private KubeWork kube;

  public String getActionType() {
    return actionType;
  }

  public void setActionType(String actionType) {
    this.actionType = actionType;
  }

  public KubeWork getKube() {
    return kube;
  }

  public void setKube(KubeWork kube) {
    this.kube = kube;
  }

  /**
   * The object acted on.
   *
   * @param resource Delete: the object's resource, such as {@code deployments} or {@code
   *     deployments.apps}
   * @param name Delete: the object's name
   * @param namespace the object's namespace; a template's own namespace must agree with it
   * @param template Create: the object; Update: the merge patch, naming the object by its
   *     apiVersion, kind and metadata.name
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KubeWork(
      String resource, String name, String namespace, GenericKubernetesResource template) {

    /** The namespace acted in: the spec's, else the template's, else none. */
    public String effectiveNamespace() {
      if (namespace != null && !namespace.isEmpty()) {
        return namespace;
      }
      return template == null || template.getMetadata() == null
          ? null
          : template.getMetadata().getNamespace();
    }

    /** The object acted on, for people: {@code kind namespace/name}. */
    public String describe() {
      String ns = effectiveNamespace();
      String objectName =
          template != null && template.getMetadata() != null
              ? template.getMetadata().getName()
              : name;
      String type = template != null ? template.getKind() : resource;
      return type + " " + (ns == null ? "" : ns + "/") + objectName;
    }
  }
}
