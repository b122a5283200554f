package io.fleetflow.activities.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fleetflow.activities.agent.ExecutorClients;
import io.fleetflow.model.view.ManagedClusterView;
import io.fleetflow.model.view.ManagedClusterViewSpec.Scope;
import java.util.List;
import java.util.Optional;

/** The agent's side of {@link ViewAgentActivities}, on its own cluster through fabric8. */
public class ViewAgentActivitiesImpl implements ViewAgentActivities {
  /**
   * The largest object a view carries, as JSON: its result is kept in the view's workflow history
   * at every change, so a larger object is reported as too large instead.
   */
  public static final int MAX_RESULT_BYTES = 256 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient cluster;
  private final ExecutorClients executors;
  private final ViewWatches watches;
  private final String clusterName;

  /**
   * @param cluster a client of the agent's own cluster
   * @param clusterName the cluster's name on the hub, for messages
   * @param watches where the views' watches are kept
   */
  public ViewAgentActivitiesImpl(
      KubernetesClient cluster, String clusterName, ViewWatches watches) {
    this.cluster = cluster;
    this.clusterName = clusterName;
    this.executors = new ExecutorClients(cluster);
    this.watches = watches;
  }

  @Override
  public ViewReport watchView(ViewRequest request) {
    Scope scope = request.scope();
    ObjectTypes.Resolution resolution =
        ObjectTypes.resolve(
            discovery(cluster), scope.apiGroup(), scope.version(), scope.kind(), scope.resource());
    if (!resolution.found()) {
      watches.stop(request.view());
      return ViewReport.failed(request, resolution.reason(), resolution.message());
    }
    ObjectType type = resolution.type();
    if (type.namespaced() && (scope.namespace() == null || scope.namespace().isEmpty())) {
      watches.stop(request.view());
      return ViewReport.failed(
          request,
          ManagedClusterView.REASON_NAME_INVALID,
          type.plural() + " live in namespaces: set spec.scope.namespace");
    }
    KubernetesClient reader;
    try {
      reader = executors.clientFor(request.executor());
    } catch (ExecutorClients.Refused refused) {
      watches.stop(request.view());
      return ViewReport.failed(request, ManagedClusterView.REASON_FAILED, refused.getMessage());
    }
    ViewReport report;
    try {
      report = reportOf(request, type, read(reader, type, scope), clusterName);
    } catch (KubernetesClientException e) {
      watches.stop(request.view());
      return ViewReport.failed(
          request,
          ManagedClusterView.REASON_FAILED,
          "the cluster refused to read " + describe(type, scope) + ": " + e.getMessage());
    }
    watches.watch(request, type, reader, report);
    return report;
  }

  @Override
  public void stopView(String view) {
    watches.stop(view);
  }

  /**
   * The report of the object as read: the object without its managedFields, or why there is none
   * (it is missing, or too large to carry).
   */
  public static ViewReport reportOf(
      ViewRequest request, ObjectType type, GenericKubernetesResource object, String cluster) {
    Scope scope = request.scope();
    if (object == null) {
      return ViewReport.failed(
          request,
          ManagedClusterView.REASON_FAILED,
          describe(type, scope) + " not found on cluster " + cluster);
    }
    object.getMetadata().setManagedFields(null);
    try {
      int size = JSON.writeValueAsBytes(object).length;
      if (size > MAX_RESULT_BYTES) {
        return ViewReport.failed(
            request,
            ManagedClusterView.REASON_RESULT_TOO_LARGE,
            describe(type, scope)
                + " is "
                + size
                + " bytes, more than the "
                + MAX_RESULT_BYTES
                + " a view carries; view a smaller object");
      }
    } catch (JsonProcessingException e) {
      return ViewReport.failed(request, ManagedClusterView.REASON_FAILED, e.getMessage());
    }
    return ViewReport.read(request, object);
  }

  /** The object as {@code resource.group namespace/name}, for messages. */
  public static String describe(ObjectType type, Scope scope) {
    String resource = type.group().isEmpty() ? type.plural() : type.plural() + "." + type.group();
    return resource + " " + (type.namespaced() ? scope.describeObject() : scope.name());
  }

  private static GenericKubernetesResource read(
      KubernetesClient reader, ObjectType type, Scope scope) {
    var resources = reader.genericKubernetesResources(type.context());
    return (type.namespaced()
            ? resources.inNamespace(scope.namespace()).withName(scope.name())
            : resources.withName(scope.name()))
        .get();
  }

  /** The cluster's discovery API, through the agent's own client: types are no secret. */
  public static TypeDiscovery discovery(KubernetesClient cluster) {
    return new TypeDiscovery() {
      @Override
      public Optional<List<APIResource>> resources(String groupVersion) {
        try {
          APIResourceList list = cluster.getApiResources(groupVersion);
          // Some servers answer an unserved group version with an empty list rather than a 404.
          return Optional.ofNullable(list)
              .map(APIResourceList::getResources)
              .filter(resources -> !resources.isEmpty());
        } catch (KubernetesClientException e) {
          if (e.getCode() == 404) {
            return Optional.empty();
          }
          throw e;
        }
      }

      @Override
      public Optional<String> preferredVersion(String group) {
        APIGroup found = cluster.getApiGroup(group);
        return Optional.ofNullable(found)
            .map(APIGroup::getPreferredVersion)
            .map(v -> v.getVersion());
      }
    };
  }
}
