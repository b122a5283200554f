package io.fleetflow.model.work;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.Names;
import io.fleetflow.model.work.ManifestWorkSpec.Executor;
import io.fleetflow.model.work.ManifestWorkSpec.ExecutorSubject;
import io.fleetflow.model.work.ManifestWorkSpec.ServiceAccountRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The executor of kinds whose OCM API has no {@code spec.executor} (ManagedClusterView and
 * ManagedClusterAction): the annotation {@value #KEY} with the value {@code
 * <namespace>/<serviceaccount>}. The agent then reads or writes as that ServiceAccount, by the same
 * rule as a ManifestWork's executor, so the cluster's RBAC bounds what the hub can see or change;
 * without it the agent uses its own identity. An annotation keeps OCM YAML valid.
 */
public final class ExecutorAnnotation {
  /** The annotation that names the executor ServiceAccount. */
  public static final String KEY = ApiGroups.FLEETFLOW_PREFIX + "executor-service-account";

  private ExecutorAnnotation() {}

  /** The executor the object names, or null for the agent's own identity. */
  public static Executor of(HasMetadata object) {
    String value = value(object);
    if (value == null) {
      return null;
    }
    int slash = value.indexOf('/');
    return new Executor(
        new ExecutorSubject(
            ExecutorSubject.SERVICE_ACCOUNT,
            new ServiceAccountRef(value.substring(0, slash), value.substring(slash + 1))));
  }

  /** The problems with the annotation's value, if the object has one. */
  public static List<FieldError> check(HasMetadata object) {
    String value = value(object);
    if (value == null) {
      return List.of();
    }
    String field = "metadata.annotations[" + KEY + "]";
    int slash = value.indexOf('/');
    if (slash <= 0 || slash != value.lastIndexOf('/') || slash == value.length() - 1) {
      return List.of(
          FieldError.invalid(
              field,
              "name the executor as <namespace>/<serviceaccount>, such as"
                  + " \"ops/view-reader\", not \""
                  + value
                  + "\""));
    }
    List<FieldError> errors = new ArrayList<>();
    errors.addAll(Names.checkLabel(field, value.substring(0, slash)));
    errors.addAll(Names.checkSubdomain(field, value.substring(slash + 1)));
    return errors;
  }

  private static String value(HasMetadata object) {
    var annotations = object.getMetadata() == null ? null : object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(KEY);
  }
}
