package io.fleetflow.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.fleetflow.frontdoor.AgentPolicy.Access;
import io.fleetflow.frontdoor.AgentPolicy.Verdict;
import io.fleetflow.security.pki.AgentCertificates.AgentCertificate;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.update.v1.Input;
import io.temporal.api.update.v1.Request;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest.Operation;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import io.temporal.payload.codec.ZlibPayloadCodec;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each caller may do through the front door, one row a scenario. */
class AgentPolicyTest {
  private static final String NS = "default";
  private static final Caller CLUSTER1 =
      new Caller.ClusterAgent(
          new AgentCertificate("cluster1", "agent", "sha256:aa", "1", Instant.MAX));
  private static final Caller BOOTSTRAP = new Caller.Bootstrap("abcdef");
  private static final AgentPolicy POLICY = new AgentPolicy(NS);

  private static PollActivityTaskQueueRequest poll(String queue) {
    return PollActivityTaskQueueRequest.newBuilder()
        .setNamespace(NS)
        .setTaskQueue(TaskQueue.newBuilder().setName(queue))
        .build();
  }

  private static SignalWorkflowExecutionRequest signal(String workflowId, String name) {
    return SignalWorkflowExecutionRequest.newBuilder()
        .setNamespace(NS)
        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
        .setSignalName(name)
        .build();
  }

  /** A {@code clusterChanged} signal with one plain JSON argument, as the agent's watcher sends. */
  private static SignalWorkflowExecutionRequest change(String workflowId, String json) {
    return signal(workflowId, "clusterChanged").toBuilder()
        .setInput(
            Payloads.newBuilder()
                .addPayloads(
                    Payload.newBuilder()
                        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                        .setData(ByteString.copyFromUtf8(json))))
        .build();
  }

  /** The signal with its argument compressed, as an agent sends a large one. */
  private static SignalWorkflowExecutionRequest compressed(SignalWorkflowExecutionRequest signal) {
    return signal.toBuilder()
        .setInput(
            Payloads.newBuilder()
                .addAllPayloads(new ZlibPayloadCodec().encode(signal.getInput().getPayloadsList())))
        .build();
  }

  private static QueryWorkflowRequest query(String workflowId, String type) {
    return QueryWorkflowRequest.newBuilder()
        .setNamespace(NS)
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
        .setQuery(WorkflowQuery.newBuilder().setQueryType(type))
        .build();
  }

  private static DescribeWorkflowExecutionRequest describe(String workflowId) {
    return DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(NS)
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
        .build();
  }

  private static Payload keyword(String value) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .putMetadata("type", ByteString.copyFromUtf8("Keyword"))
        .setData(ByteString.copyFromUtf8("\"" + value + "\""))
        .build();
  }

  /** The join as the agent's SDK sends it, changed by {@code change}. */
  private static ExecuteMultiOperationRequest join(
      String cluster, UnaryOperator<StartWorkflowExecutionRequest.Builder> change) {
    String id = "ManagedCluster/" + cluster;
    StartWorkflowExecutionRequest.Builder start =
        StartWorkflowExecutionRequest.newBuilder()
            .setNamespace(NS)
            .setWorkflowId(id)
            .setWorkflowType(WorkflowType.newBuilder().setName("ManagedClusterWorkflow"))
            .setTaskQueue(TaskQueue.newBuilder().setName("fleetflow-hub"))
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setInput(
                Payloads.newBuilder()
                    .addPayloads(
                        Payload.newBuilder()
                            .putMetadata("encoding", ByteString.copyFromUtf8("binary/null"))))
            .setSearchAttributes(
                SearchAttributes.newBuilder()
                    .putIndexedFields("FleetflowKind", keyword("ManagedCluster"))
                    .putIndexedFields("FleetflowName", keyword(cluster)));
    return ExecuteMultiOperationRequest.newBuilder()
        .setNamespace(NS)
        .addOperations(Operation.newBuilder().setStartWorkflow(change.apply(start)))
        .addOperations(
            Operation.newBuilder()
                .setUpdateWorkflow(
                    UpdateWorkflowExecutionRequest.newBuilder()
                        .setNamespace(NS)
                        .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                        .setRequest(
                            Request.newBuilder().setInput(Input.newBuilder().setName("join")))))
        .build();
  }

  private static Payloads carriedState() {
    return Payloads.newBuilder()
        .addPayloads(
            Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(
                    ByteString.copyFromUtf8(
                        "{\"cluster\":{\"spec\":{\"hubAcceptsClient\":true}}}")))
        .build();
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
        row(
            "an accepted cluster polls its own queue",
            CLUSTER1,
            "PollActivityTaskQueue",
            poll("cluster-cluster1"),
            Access.FULL,
            null),
        row(
            "an accepted cluster polls another cluster's queue",
            CLUSTER1,
            "PollActivityTaskQueue",
            poll("cluster-cluster2"),
            Access.FULL,
            "may poll cluster-cluster1 only"),
        row(
            "an accepted cluster polls the hub's queue",
            CLUSTER1,
            "PollActivityTaskQueue",
            poll("fleetflow-hub"),
            Access.FULL,
            "may poll cluster-cluster1 only"),
        row(
            "a denied cluster still releasing polls its queue",
            CLUSTER1,
            "PollActivityTaskQueue",
            poll("cluster-cluster1"),
            Access.RELEASE,
            null),
        row(
            "a denied and released cluster polls",
            CLUSTER1,
            "PollActivityTaskQueue",
            poll("cluster-cluster1"),
            Access.NONE,
            "is not accepted by the hub"),
        row(
            "a pending cluster completes a task",
            CLUSTER1,
            "RespondActivityTaskCompleted",
            RespondActivityTaskCompletedRequest.newBuilder().setNamespace(NS).build(),
            Access.NONE,
            "is not accepted"),
        row(
            "an accepted cluster renews its own lease",
            CLUSTER1,
            "SignalWorkflowExecution",
            signal("ManagedCluster/cluster1", "renewLease"),
            Access.FULL,
            null),
        row(
            "an accepted cluster renews another cluster's lease",
            CLUSTER1,
            "SignalWorkflowExecution",
            signal("ManagedCluster/cluster2", "renewLease"),
            Access.FULL,
            "not renewLease to ManagedCluster/cluster2"),
        row(
            "an accepted cluster claims its own agent polls (the liveness sweep's word)",
            CLUSTER1,
            "SignalWorkflowExecution",
            signal("ManagedCluster/cluster1", "agentSeen"),
            Access.FULL,
            "not agentSeen to ManagedCluster/cluster1"),
        row(
            "an accepted cluster asks the liveness sweep to stop watching another cluster",
            CLUSTER1,
            "SignalWorkflowExecution",
            signal("cluster-liveness", "watch"),
            Access.FULL,
            "not watch to cluster-liveness"),
        row(
            "an accepted cluster reads another cluster's pollers",
            CLUSTER1,
            "DescribeTaskQueue",
            io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest.newBuilder()
                .setNamespace(NS)
                .setTaskQueue(
                    io.temporal.api.taskqueue.v1.TaskQueue.newBuilder().setName("cluster-cluster2"))
                .build(),
            Access.FULL,
            "may not call DescribeTaskQueue"),
        row(
            "an accepted cluster tells its own work of a change",
            CLUSTER1,
            "SignalWorkflowExecution",
            signal("ManifestWork/cluster1/hello", "clusterChanged"),
            Access.FULL,
            null),
        row(
            "an accepted cluster tells another cluster's work of a change",
            CLUSTER1,
            "SignalWorkflowExecution",
            signal("ManifestWork/cluster2/hello", "clusterChanged"),
            Access.FULL,
            "not clusterChanged to ManifestWork/cluster2/hello"),
        row(
            "an accepted cluster tells a replica set of changes to the work it holds there",
            CLUSTER1,
            "SignalWorkflowExecution",
            change(
                "ManifestWorkReplicaSet/apps/web",
                "{\"reason\":\"resources changed\",\"resources\":[],\"cluster\":\"cluster1\"}"),
            Access.FULL,
            null),
        row(
            "an accepted cluster tells a replica set of many changes, compressed, on its own cluster",
            CLUSTER1,
            "SignalWorkflowExecution",
            compressed(
                change(
                    "ManifestWorkReplicaSet/apps/web",
                    "{\"reason\":\"resources changed\",\"resources\":[],\"cluster\":\"cluster1\"}")),
            Access.FULL,
            null),
        row(
            "an accepted cluster tells a replica set of changes, compressed, on another cluster",
            CLUSTER1,
            "SignalWorkflowExecution",
            compressed(
                change(
                    "ManifestWorkReplicaSet/apps/web",
                    "{\"reason\":\"resources changed\",\"resources\":[],\"cluster\":\"cluster2\"}")),
            Access.FULL,
            "changes on cluster1 only, not on cluster2"),
        row(
            "an accepted cluster tells a replica set of changes on another cluster",
            CLUSTER1,
            "SignalWorkflowExecution",
            change(
                "ManifestWorkReplicaSet/apps/web",
                "{\"reason\":\"resources changed\",\"resources\":[],\"cluster\":\"cluster2\"}"),
            Access.FULL,
            "changes on cluster1 only, not on cluster2"),
        row(
            "an accepted cluster tells a replica set of changes without naming a cluster",
            CLUSTER1,
            "SignalWorkflowExecution",
            signal("ManifestWorkReplicaSet/apps/web", "clusterChanged"),
            Access.FULL,
            "not on no named cluster"),
        row(
            "an accepted cluster asks a replica set to let go of the work it holds there",
            CLUSTER1,
            "SignalWorkflowExecution",
            change("ManifestWorkReplicaSet/apps/web", "{\"cluster\":\"cluster1\"}").toBuilder()
                .setSignalName("releaseWork")
                .build(),
            Access.FULL,
            "not releaseWork to ManifestWorkReplicaSet/apps/web"),
        row(
            "an accepted cluster sends a replica set a signal other than a change",
            CLUSTER1,
            "SignalWorkflowExecution",
            signal("ManifestWorkReplicaSet/apps/web", "placementDecisionsChanged"),
            Access.FULL,
            "not placementDecisionsChanged to ManifestWorkReplicaSet/apps/web"),
        row(
            "a work name that only starts like the cluster's",
            CLUSTER1,
            "SignalWorkflowExecution",
            signal("ManifestWork/cluster10/hello", "clusterChanged"),
            Access.FULL,
            "not clusterChanged"),
        row(
            "an accepted cluster tells its own view of a change",
            CLUSTER1,
            "SignalWorkflowExecution",
            signal("ManagedClusterView/cluster1/web", "viewChanged"),
            Access.FULL,
            null),
        row(
            "an accepted cluster tells another cluster's view of a change",
            CLUSTER1,
            "SignalWorkflowExecution",
            signal("ManagedClusterView/cluster2/web", "viewChanged"),
            Access.FULL,
            "not viewChanged to ManagedClusterView/cluster2/web"),
        row(
            "an accepted cluster sends a view's signal to a work",
            CLUSTER1,
            "SignalWorkflowExecution",
            signal("ManifestWork/cluster1/hello", "viewChanged"),
            Access.FULL,
            "not viewChanged to ManifestWork/cluster1/hello"),
        row(
            "a cluster no longer accepted tells its own view of a change",
            CLUSTER1,
            "SignalWorkflowExecution",
            signal("ManagedClusterView/cluster1/web", "viewChanged"),
            Access.NONE,
            "may only join; SignalWorkflowExecution is refused"),
        row(
            "an accepted cluster sends the hub's own signal",
            CLUSTER1,
            "SignalWorkflowExecution",
            signal("ManagedCluster/cluster1", "takeoverProgress"),
            Access.FULL,
            "not takeoverProgress"),
        row(
            "an accepted cluster reads its ManagedCluster",
            CLUSTER1,
            "QueryWorkflow",
            query("ManagedCluster/cluster1", "get"),
            Access.FULL,
            null),
        row(
            "an accepted cluster reads another ManagedCluster",
            CLUSTER1,
            "QueryWorkflow",
            query("ManagedCluster/cluster2", "get"),
            Access.FULL,
            "its own ManagedCluster only"),
        row(
            "an accepted cluster reads its standing from its ManagedCluster's description",
            CLUSTER1,
            "DescribeWorkflowExecution",
            describe("ManagedCluster/cluster1"),
            Access.FULL,
            null),
        row(
            "a denied cluster still releasing reads its standing",
            CLUSTER1,
            "DescribeWorkflowExecution",
            describe("ManagedCluster/cluster1"),
            Access.RELEASE,
            null),
        row(
            "an accepted cluster describes another ManagedCluster",
            CLUSTER1,
            "DescribeWorkflowExecution",
            describe("ManagedCluster/cluster2"),
            Access.FULL,
            "its own ManagedCluster only"),
        row(
            "an accepted cluster describes one of its ManifestWorks",
            CLUSTER1,
            "DescribeWorkflowExecution",
            describe("ManifestWork/cluster1/hello"),
            Access.FULL,
            "a ManagedCluster only"),
        row(
            "a denied and released cluster describes its ManagedCluster",
            CLUSTER1,
            "DescribeWorkflowExecution",
            describe("ManagedCluster/cluster1"),
            Access.NONE,
            "is not accepted by the hub"),
        row(
            "a bootstrap token describes a ManagedCluster",
            BOOTSTRAP,
            "DescribeWorkflowExecution",
            describe("ManagedCluster/edge7"),
            Access.NONE,
            "may only ask to join"),
        row(
            "an accepted cluster reads a ManifestWork",
            CLUSTER1,
            "QueryWorkflow",
            query("ManifestWork/cluster1/hello", "get"),
            Access.FULL,
            "a ManagedCluster only"),
        row(
            "an accepted cluster asks a replica set for the works it holds",
            CLUSTER1,
            "QueryWorkflow",
            query("ManifestWorkReplicaSet/apps/web", "heldWorks"),
            Access.FULL,
            "a ManagedCluster only"),
        row(
            "an accepted cluster lists its own works",
            CLUSTER1,
            "ListWorkflowExecutions",
            ListWorkflowExecutionsRequest.newBuilder()
                .setNamespace(NS)
                .setQuery(
                    "FleetflowKind = 'ManifestWork' AND ExecutionStatus = 'Running' AND FleetflowCluster = 'cluster1'")
                .build(),
            Access.FULL,
            null),
        row(
            "an accepted cluster lists its own views",
            CLUSTER1,
            "ListWorkflowExecutions",
            ListWorkflowExecutionsRequest.newBuilder()
                .setNamespace(NS)
                .setQuery(
                    "FleetflowKind = 'ManagedClusterView' AND ExecutionStatus = 'Running' AND FleetflowCluster = 'cluster1'")
                .build(),
            Access.FULL,
            null),
        row(
            "an accepted cluster lists another cluster's views",
            CLUSTER1,
            "ListWorkflowExecutions",
            ListWorkflowExecutionsRequest.newBuilder()
                .setNamespace(NS)
                .setQuery(
                    "FleetflowKind = 'ManagedClusterView' AND ExecutionStatus = 'Running' AND FleetflowCluster = 'cluster2'")
                .build(),
            Access.FULL,
            "its own running ManifestWorks and ManagedClusterViews only"),
        row(
            "an accepted cluster lists every cluster's works",
            CLUSTER1,
            "ListWorkflowExecutions",
            ListWorkflowExecutionsRequest.newBuilder()
                .setNamespace(NS)
                .setQuery("FleetflowKind = 'ManifestWork'")
                .build(),
            Access.FULL,
            "its own running ManifestWorks and ManagedClusterViews only"),
        row(
            "an accepted cluster reads a history",
            CLUSTER1,
            "GetWorkflowExecutionHistory",
            GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace(NS).build(),
            Access.FULL,
            "may not call GetWorkflowExecutionHistory"),
        row(
            "an accepted cluster terminates a workflow",
            CLUSTER1,
            "TerminateWorkflowExecution",
            TerminateWorkflowExecutionRequest.newBuilder().setNamespace(NS).build(),
            Access.FULL,
            "may not call TerminateWorkflowExecution"),
        row(
            "an accepted cluster polls workflow tasks",
            CLUSTER1,
            "PollWorkflowTaskQueue",
            PollWorkflowTaskQueueRequest.newBuilder().setNamespace(NS).build(),
            Access.FULL,
            "may not call PollWorkflowTaskQueue"),
        row(
            "a call in another namespace",
            CLUSTER1,
            "PollActivityTaskQueue",
            poll("cluster-cluster1").toBuilder().setNamespace("other").build(),
            Access.FULL,
            "namespace default only"),
        row(
            "a cluster joins its own name again",
            CLUSTER1,
            "ExecuteMultiOperation",
            join("cluster1", b -> b),
            Access.NONE,
            null),
        row(
            "a cluster joins under another cluster's name",
            CLUSTER1,
            "ExecuteMultiOperation",
            join("cluster2", b -> b),
            Access.FULL,
            "its own ManagedCluster only"),
        row(
            "a join that would end the running cluster",
            BOOTSTRAP,
            "ExecuteMultiOperation",
            join(
                "cluster1",
                b ->
                    b.setWorkflowIdConflictPolicy(
                        WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING)),
            Access.NONE,
            "never ends one"),
        row(
            "a join that carries a forged state",
            BOOTSTRAP,
            "ExecuteMultiOperation",
            join("cluster1", b -> b.setInput(carriedState())),
            Access.NONE,
            "no carried state"),
        row(
            "a join that starts another workflow",
            BOOTSTRAP,
            "ExecuteMultiOperation",
            join(
                "cluster1",
                b -> b.setWorkflowType(WorkflowType.newBuilder().setName("ManifestWorkWorkflow"))),
            Access.NONE,
            "starts ManagedClusterWorkflow on fleetflow-hub only"),
        row(
            "a join that sets the phase search attribute",
            BOOTSTRAP,
            "ExecuteMultiOperation",
            join(
                "cluster1",
                b ->
                    b.setSearchAttributes(
                        b.getSearchAttributes().toBuilder()
                            .putIndexedFields("FleetflowPhase", keyword("Available")))),
            Access.NONE,
            "not FleetflowPhase"),
        row(
            "a join that names another cluster in its search attribute",
            BOOTSTRAP,
            "ExecuteMultiOperation",
            join(
                "cluster1",
                b ->
                    b.setSearchAttributes(
                        b.getSearchAttributes().toBuilder()
                            .putIndexedFields("FleetflowName", keyword("cluster2")))),
            Access.NONE,
            "not FleetflowName"),
        row(
            "a join that schedules itself",
            BOOTSTRAP,
            "ExecuteMultiOperation",
            join("cluster1", b -> b.setCronSchedule("* * * * *")),
            Access.NONE,
            "may not set a schedule"),
        row(
            "a bootstrap caller asks to join",
            BOOTSTRAP,
            "ExecuteMultiOperation",
            join("edge7", b -> b),
            Access.NONE,
            null),
        row(
            "a bootstrap caller asks how its join stands",
            BOOTSTRAP,
            "QueryWorkflow",
            query("ManagedCluster/edge7", "joinStatus"),
            Access.NONE,
            null),
        row(
            "a bootstrap caller reads a ManagedCluster",
            BOOTSTRAP,
            "QueryWorkflow",
            query("ManagedCluster/edge7", "get"),
            Access.NONE,
            "query joinStatus"),
        row(
            "a bootstrap caller polls",
            BOOTSTRAP,
            "PollActivityTaskQueue",
            poll("cluster-edge7"),
            Access.FULL,
            "cannot take work"),
        row(
            "a bootstrap caller signals",
            BOOTSTRAP,
            "SignalWorkflowExecution",
            signal("ManagedCluster/edge7", "renewLease"),
            Access.FULL,
            "may only ask to join"),
        row(
            "a bootstrap caller describes the namespace",
            BOOTSTRAP,
            "DescribeNamespace",
            DescribeNamespaceRequest.newBuilder().setNamespace(NS).build(),
            Access.FULL,
            "may only ask to join"),
        row(
            "anyone asks for the server's capabilities",
            BOOTSTRAP,
            "GetSystemInfo",
            io.temporal.api.workflowservice.v1.GetSystemInfoRequest.getDefaultInstance(),
            Access.NONE,
            null));
  }

  private static Arguments row(
      String scenario,
      Caller caller,
      String method,
      Message request,
      Access access,
      String refusal) {
    return Arguments.of(scenario, caller, method, request, access, refusal);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void eachCallIsJudged(
      String scenario,
      Caller caller,
      String method,
      Message request,
      Access access,
      String refusal) {
    Verdict verdict = POLICY.check(caller, method, request, access);

    if (refusal == null) {
      assertThat(verdict.allowed()).as(verdict.reason() == null ? "" : verdict.reason()).isTrue();
    } else {
      assertThat(verdict.allowed()).isFalse();
      assertThat(verdict.reason()).contains(refusal);
    }
  }
}
