package io.fleetflow.activities.action;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetflow.activities.agent.ExecutorClients;
import io.fleetflow.activities.view.ObjectType;
import io.fleetflow.activities.view.ObjectTypes;
import io.fleetflow.activities.view.ViewAgentActivitiesImpl;
import io.fleetflow.model.action.ManagedClusterAction;
import io.fleetflow.model.action.ManagedClusterActionSpec.KubeWork;
import io.fleetflow.model.meta.ApiGroups;
import io.temporal.activity.Activity;
import java.util.HashMap;
import java.util.Map;

/** The agent's side of {@link ActionAgentActivities}, on its own cluster through fabric8. */
public class ActionAgentActivitiesImpl implements ActionAgentActivities {
  /** The annotation a created object carries with the uid of the action that created it. */
  public static final String CREATED_BY_ACTION = ApiGroups.FLEETFLOW_PREFIX + "created-by-action";

  private final KubernetesClient cluster;
  private final ExecutorClients executors;

  /**
   * @param cluster a client of the agent's own cluster
   */
  public ActionAgentActivitiesImpl(KubernetesClient cluster) {
    this.cluster = cluster;
    this.executors = new ExecutorClients(cluster);
  }

  @Override
  public ActionOutcome runAction(ActionRequest request) {
    String failed = ManagedClusterAction.failureReason(request.actionType());
    KubeWork kube = request.kube();
    GenericKubernetesResource template = kube.template();
    ObjectTypes.Resolution resolution =
        template != null
            ? ObjectTypes.resolve(
                ViewAgentActivitiesImpl.discovery(cluster),
                group(template.getApiVersion()),
                version(template.getApiVersion()),
                template.getKind(),
                null)
            : ObjectTypes.resolve(
                ViewAgentActivitiesImpl.discovery(cluster), null, null, null, kube.resource());
    if (!resolution.found()) {
      return new ActionOutcome(failed, resolution.message(), null);
    }
    ObjectType type = resolution.type();
    String namespace = kube.effectiveNamespace();
    if (type.namespaced() && namespace == null) {
      return new ActionOutcome(
          failed, type.plural() + " live in namespaces: set spec.kube.namespace", null);
    }
    try {
      KubernetesClient writer = executors.clientFor(request.executor());
      var resources = writer.genericKubernetesResources(type.context());
      NonNamespaceOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          scoped = type.namespaced() ? resources.inNamespace(namespace) : resources;
      return switch (request.actionType()) {
        case ManagedClusterAction.CREATE -> create(request, scoped, template, failed);
        case ManagedClusterAction.UPDATE -> update(scoped, template, failed);
        default -> delete(scoped, kube.name(), failed);
      };
    } catch (ExecutorClients.Refused refused) {
      return new ActionOutcome(failed, refused.getMessage(), null);
    } catch (KubernetesClientException e) {
      return new ActionOutcome(
          failed, "the cluster refused the " + request.actionType() + ": " + e.getMessage(), null);
    }
  }

  private static ActionOutcome create(
      ActionRequest request,
      NonNamespaceOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          resources,
      GenericKubernetesResource template,
      String failed) {
    GenericKubernetesResource object = Serialization.clone(template);
    Map<String, String> annotations =
        new HashMap<>(
            object.getMetadata().getAnnotations() == null
                ? Map.of()
                : object.getMetadata().getAnnotations());
    annotations.put(CREATED_BY_ACTION, request.uid());
    object.getMetadata().setAnnotations(annotations);
    object.getMetadata().setNamespace(null);
    try {
      resources.resource(object).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      GenericKubernetesResource existing = resources.withName(object.getMetadata().getName()).get();
      String creator =
          existing == null || existing.getMetadata().getAnnotations() == null
              ? null
              : existing.getMetadata().getAnnotations().get(CREATED_BY_ACTION);
      if (!request.uid().equals(creator)) {
        return new ActionOutcome(
            failed,
            template.getKind() + " " + object.getMetadata().getName() + " already exists",
            null);
      }
      // A retry after a crash: the object is the one this action created.
    }
    return done(template);
  }

  private static ActionOutcome update(
      NonNamespaceOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          resources,
      GenericKubernetesResource template,
      String failed) {
    String name = template.getMetadata().getName();
    GenericKubernetesResource patch = Serialization.clone(template);
    patch.getMetadata().setNamespace(null);
    try {
      resources
          .withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return new ActionOutcome(
            failed, template.getKind() + " " + name + " does not exist: nothing to update", null);
      }
      throw e;
    }
    return done(template);
  }

  private static ActionOutcome delete(
      NonNamespaceOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          resources,
      String name,
      String failed) {
    boolean deleted = !resources.withName(name).delete().isEmpty();
    if (!deleted && Activity.getExecutionContext().getInfo().getAttempt() == 1) {
      return new ActionOutcome(failed, name + " does not exist: nothing to delete", null);
    }
    // On a retry, an object already gone is the one an earlier attempt deleted.
    return done(null);
  }

  /** The outcome of an action done, with OCM's words. */
  private static ActionOutcome done(GenericKubernetesResource result) {
    return new ActionOutcome(ManagedClusterAction.REASON_DONE, "Resource action is done.", result);
  }

  private static String group(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  private static String version(String apiVersion) {
    return apiVersion.substring(apiVersion.indexOf('/') + 1);
  }
}
