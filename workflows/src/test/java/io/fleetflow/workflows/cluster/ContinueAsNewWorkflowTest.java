package io.fleetflow.workflows.cluster;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cluster nobody decides on takes large writes for as long as people make them: it starts new
 * runs as its history grows, so Temporal never ends it, and it keeps its object, its pending join
 * request and its answer to a later decision.
 */
class ContinueAsNewWorkflowTest {
  private static final int WRITES = 16;
  private static final int NOTE_BYTES = 200 * 1024;

  private HubTestEnvironment hub;

  @BeforeEach
  void startHub() {
    // A join request that waits a day, so the writes all meet a pending cluster.
    hub = new HubTestEnvironment(new RegistrationPolicy(24 * 60 * 60, 3, List.of()));
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void aPendingClusterStartsNewRunsUnderLargeWritesAndKeepsItsRequest() {
    hub.join(Fixtures.join("cluster1", "sha256:one"));
    WorkflowStub stub = WorkflowStub.fromTyped(hub.cluster("cluster1"));
    Set<String> runs = new HashSet<>();

    for (int i = 0; i < WRITES; i++) {
      ManagedCluster proposed = hub.cluster("cluster1").get();
      proposed.getMetadata().setResourceVersion(null);
      String note = Character.toString('a' + i % 26).repeat(NOTE_BYTES);
      proposed.getMetadata().setAnnotations(Map.of("example.com/note", note));
      hub.cluster("cluster1").apply(proposed, ADMIN);
      runs.add(stub.describe().getExecution().getRunId());
    }

    assertThat(runs)
        .as("the history grew past Temporal's suggestion and a new run began")
        .hasSizeGreaterThan(1);
    assertThat(stub.describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    ManagedCluster now = hub.cluster("cluster1").get();
    assertThat(now.getMetadata().getAnnotations().get("example.com/note"))
        .startsWith(Character.toString('a' + (WRITES - 1) % 26));
    assertThat(now.getSpec().isHubAcceptsClient()).isFalse();

    now.getMetadata().setResourceVersion(null);
    now.getSpec().setHubAcceptsClient(true);
    hub.cluster("cluster1").apply(now, ADMIN);
    assertThat(hub.cluster("cluster1").get().getSpec().isHubAcceptsClient()).isTrue();
  }
}
