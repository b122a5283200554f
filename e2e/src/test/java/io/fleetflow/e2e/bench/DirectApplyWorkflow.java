package io.fleetflow.e2e.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.agent.ApplyRequest;
import io.fleetflow.activities.agent.ApplyResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.ActivityStub;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The second baseline of the rollout benchmark: the least a rollout that applies its works itself
 * could cost. One workflow runs the agents' own {@code ApplyManifests} activity with a
 * one-ConfigMap work on each cluster's task queue, at most {@code window} at a time, so the agents,
 * their simulated clusters and the front door do what they do for a rollout, and nothing else runs:
 * no workflow per ManifestWork, no change feed, no status reports.
 */
@WorkflowInterface
public interface DirectApplyWorkflow {
  /**
   * Applies the work on every cluster and returns once each agent has answered.
   *
   * @param clusters the clusters' names
   * @param window how many applies run at once
   * @param work the work's name on every cluster
   */
  @WorkflowMethod
  void run(List<String> clusters, int window, String work);

  /** The baseline workflow. */
  class Impl implements DirectApplyWorkflow {
    @Override
    public void run(List<String> clusters, int window, String work) {
      for (int first = 0; first < clusters.size(); first += window) {
        List<Promise<ApplyResult>> batch = new ArrayList<>();
        for (String cluster : clusters.subList(first, Math.min(clusters.size(), first + window))) {
          ActivityStub agent =
              Workflow.newUntypedActivityStub(
                  ActivityOptions.newBuilder()
                      .setTaskQueue("cluster-" + cluster)
                      .setStartToCloseTimeout(Duration.ofSeconds(60))
                      .build());
          batch.add(
              agent.executeAsync(
                  "ApplyManifests",
                  ApplyResult.class,
                  new ApplyRequest(cluster, work, 1, List.of(configMap(work)), null)));
        }
        Promise.allOf(batch).get();
      }
    }

    private static GenericKubernetesResource configMap(String name) {
      GenericKubernetesResource configMap = new GenericKubernetesResource();
      configMap.setApiVersion("v1");
      configMap.setKind("ConfigMap");
      ObjectMeta meta = new ObjectMeta();
      meta.setName(name);
      meta.setNamespace("default");
      configMap.setMetadata(meta);
      configMap.setAdditionalProperty("data", Map.of("message", "straight to the agent"));
      return configMap;
    }
  }
}
