package io.fleetflow.model.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.model.action.ManagedClusterActionSpec.KubeWork;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.Names;
import io.fleetflow.model.validation.ObjectValidator;
import io.fleetflow.model.work.ExecutorAnnotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules a ManagedClusterAction must follow: a known action type, the object it acts on named as
 * that type needs, a template that stays in the action's namespace, and a spec that never changes
 * (an action runs once; another change is another action). A Create or Update of a Secret is
 * refused: its data would be kept in the hub's workflow history.
 */
public class ManagedClusterActionValidator implements ObjectValidator<ManagedClusterAction> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TYPES =
      List.of(
          ManagedClusterAction.CREATE, ManagedClusterAction.UPDATE, ManagedClusterAction.DELETE);

  @Override
  public List<FieldError> validateCreate(ManagedClusterAction action) {
    List<FieldError> errors = new ArrayList<>();
    errors.addAll(Names.checkSubdomain("metadata.name", action.getMetadata().getName()));
    if (action.getMetadata().getNamespace() == null
        || action.getMetadata().getNamespace().isEmpty()) {
      errors.add(
          FieldError.required(
              "metadata.namespace",
              "a ManagedClusterAction lives in the namespace named after its cluster: set"
                  + " metadata.namespace to the ManagedCluster's name"));
    }
    errors.addAll(ExecutorAnnotation.check(action));
    errors.addAll(checkApprovalTimeout(action.getMetadata().getAnnotations()));
    ManagedClusterActionSpec spec = action.getSpec();
    String type = spec == null ? null : spec.getActionType();
    if (type == null || !TYPES.contains(type)) {
      errors.add(FieldError.notSupported("spec.actionType", type, TYPES));
      return errors;
    }
    KubeWork kube = spec.getKube();
    if (kube == null) {
      errors.add(FieldError.required("spec.kube", "name the object the action acts on"));
      return errors;
    }
    if (!empty(kube.namespace())) {
      errors.addAll(Names.checkLabel("spec.kube.namespace", kube.namespace()));
    }
    if (type.equals(ManagedClusterAction.DELETE)) {
      if (empty(kube.resource())) {
        errors.add(
            FieldError.required(
                "spec.kube.resource", "a Delete names the resource, such as deployments.apps"));
      }
      if (empty(kube.name())) {
        errors.add(FieldError.required("spec.kube.name", "a Delete names the object"));
      }
      return errors;
    }
    errors.addAll(checkTemplate(type, kube));
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(
      ManagedClusterAction current, ManagedClusterAction proposed) {
    List<FieldError> errors = new ArrayList<>(validateCreate(proposed));
    if (!sameSpec(current.getSpec(), proposed.getSpec())) {
      errors.add(
          FieldError.forbidden(
              "spec", "an action runs once and its spec cannot change: create another action"));
    }
    return errors;
  }

  /** True when two specs are the same as JSON: what a client sent, whatever the Java types. */
  static boolean sameSpec(Object current, Object proposed) {
    return Objects.equals(JSON.valueToTree(current), JSON.valueToTree(proposed));
  }

  private static List<FieldError> checkTemplate(String type, KubeWork kube) {
    GenericKubernetesResource template = kube.template();
    if (template == null) {
      return List.of(
          FieldError.required(
              "spec.kube.template",
              "a " + type + " needs the object's template (apiVersion, kind, metadata.name)"));
    }
    List<FieldError> errors = new ArrayList<>();
    if (empty(template.getApiVersion())) {
      errors.add(FieldError.required("spec.kube.template.apiVersion", "give the apiVersion"));
    }
    if (empty(template.getKind())) {
      errors.add(FieldError.required("spec.kube.template.kind", "give the kind"));
    }
    String name = template.getMetadata() == null ? null : template.getMetadata().getName();
    if (empty(name)) {
      errors.add(FieldError.required("spec.kube.template.metadata.name", "give the name"));
    }
    String templateNamespace =
        template.getMetadata() == null ? null : template.getMetadata().getNamespace();
    if (!empty(templateNamespace)
        && !empty(kube.namespace())
        && !templateNamespace.equals(kube.namespace())) {
      errors.add(
          FieldError.invalid(
              "spec.kube.template.metadata.namespace",
              "the template is in namespace \""
                  + templateNamespace
                  + "\" but the action acts in \""
                  + kube.namespace()
                  + "\": make them the same or leave the template's out"));
    }
    if ("Secret".equals(template.getKind()) && "v1".equals(template.getApiVersion())) {
      errors.add(
          FieldError.forbidden(
              "spec.kube.template",
              "an action may not write a Secret: its data would be stored on the hub; deliver"
                  + " it with a ManifestWork from a secret store instead"));
    }
    return errors;
  }

  private static List<FieldError> checkApprovalTimeout(Map<String, String> annotations) {
    String value =
        annotations == null ? null : annotations.get(ManagedClusterAction.APPROVAL_TIMEOUT);
    if (value == null) {
      return List.of();
    }
    try {
      if (Long.parseLong(value.trim()) > 0) {
        return List.of();
      }
    } catch (NumberFormatException e) {
      // Reported below with the rest.
    }
    return List.of(
        FieldError.invalid(
            "metadata.annotations[" + ManagedClusterAction.APPROVAL_TIMEOUT + "]",
            "give the seconds to wait for an approver as a positive whole number, not \""
                + value
                + "\""));
  }

  private static boolean empty(String value) {
    return value == null || value.isEmpty();
  }
}
