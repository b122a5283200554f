package io.fleetflow.hub.workers;

import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sizes the hub's workflow cache from the fleet it finds when it starts ({@link
 * WorkflowCacheSizing}) and runs workflow threads as virtual threads. {@code
 * fleetflow.hub.workflow-cache-size} overrides the size; a hub whose heap is too small for its
 * fleet says so, with the heap it would need, when it starts.
 */
@Configuration
public class WorkerCapacityConfig {
  private static final Logger log = LoggerFactory.getLogger(WorkerCapacityConfig.class);

  @Bean
  public TemporalOptionsCustomizer<WorkerFactoryOptions.Builder> workflowCache(
      WorkflowServiceStubs stubs,
      @Value("${spring.temporal.namespace:default}") String namespace,
      @Value("${spring.temporal.workers[0].task-queue:fleetflow-hub}") String taskQueue,
      @Value("${fleetflow.hub.workflow-cache-size:0}") int configured) {
    return builder -> {
      long running = running(stubs, namespace, taskQueue);
      WorkflowCacheSizing sizing =
          WorkflowCacheSizing.of(running, Runtime.getRuntime().maxMemory(), configured);
      if (sizing.heapBound()) {
        log.warn(
            "{} workflows are running, but a heap of {} MiB caches only {} of them; the others"
                + " replay their history on every task. Give the hub a heap of {} MiB (-Xmx), or"
                + " set fleetflow.hub.workflow-cache-size",
            running,
            Runtime.getRuntime().maxMemory() >> 20,
            sizing.cacheSize(),
            sizing.heapWanted() >> 20);
      } else {
        log.info(
            "workflow cache of {} executions on virtual threads ({} running at start{})",
            sizing.cacheSize(),
            running,
            configured > 0 ? ", size set by fleetflow.hub.workflow-cache-size" : "");
      }
      return builder
          .setUsingVirtualWorkflowThreads(true)
          .setWorkflowCacheSize(sizing.cacheSize())
          .setMaxWorkflowThreadCount(sizing.maxThreads());
    };
  }

  /** The executions running on the hub's task queue, or 0 when Temporal does not answer in time. */
  private static long running(WorkflowServiceStubs stubs, String namespace, String taskQueue) {
    try {
      return stubs
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .countWorkflowExecutions(
              CountWorkflowExecutionsRequest.newBuilder()
                  .setNamespace(namespace)
                  .setQuery("TaskQueue = '" + taskQueue + "' AND ExecutionStatus = 'Running'")
                  .build())
          .getCount();
    } catch (RuntimeException e) {
      log.warn("could not count the running workflows to size the cache: {}", e.getMessage());
      return 0;
    }
  }
}
