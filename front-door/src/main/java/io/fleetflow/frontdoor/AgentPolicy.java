package io.fleetflow.frontdoor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import io.fleetflow.client.Visibility;
import io.fleetflow.frontdoor.Caller.Bootstrap;
import io.fleetflow.frontdoor.Caller.ClusterAgent;
import io.fleetflow.model.certificates.CertificateRequestNames;
import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.view.ViewKinds;
import io.fleetflow.model.work.WorkKinds;
import io.fleetflow.security.codec.PayloadCompression;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowExecutionUpdateRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.ShutdownWorkerRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionRequest;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the front door lets through, as one pure function of who calls, which Temporal call it is,
 * the request, and how the caller's cluster stands with the hub. Everything not named here is
 * refused.
 *
 * <p>A cluster's agent (a client certificate of the cluster signer) may, while its cluster is
 * accepted or its release still runs: poll {@code cluster-<own name>}; heartbeat, complete, fail or
 * cancel the tasks it was given (the proxy checks the task token's binding); signal {@code
 * renewLease} to its own ManagedCluster, {@code clusterChanged} to its own ManifestWorks and {@code
 * viewChanged} to its own ManagedClusterViews; list its own running ManifestWorks and
 * ManagedClusterViews; query its own ManagedCluster, and describe it to read the standing it
 * publishes (the front door passes on the standing and the execution's status only). Whatever its
 * standing, it may join its own cluster again (which is how a removed cluster comes back and how it
 * renews its certificate). A bootstrap token may only ask to join (any cluster name; the hub
 * refuses a name taken by another key) and read how a join stands.
 */
public final class AgentPolicy {
  /** How a cluster stands with the hub, as far as its agent's access goes. */
  public enum Access {
    /** Accepted: the agent does its work. */
    FULL,
    /** Denied or being deleted, with the release of the cluster still running on the agent. */
    RELEASE,
    /** Pending, denied and released, or removed: the agent may only join. */
    NONE
  }

  /**
   * The answer for one call.
   *
   * @param allowed whether the call goes through
   * @param reason why it was refused, in words for the agent's log and the front door's
   */
  public record Verdict(boolean allowed, String reason) {
    static final Verdict ALLOW = new Verdict(true, null);

    static Verdict deny(String reason) {
      return new Verdict(false, reason);
    }
  }

  static final String MANAGED_CLUSTER = "ManagedCluster/";
  static final String MANIFEST_WORK = "ManifestWork/";
  static final String MANIFEST_WORK_REPLICA_SET = "ManifestWorkReplicaSet/";
  static final String CLUSTER_CHANGED = "clusterChanged";
  static final String MANAGED_CLUSTER_VIEW = "ManagedClusterView/";
  static final String CERTIFICATE_SIGNING_REQUEST = "CertificateSigningRequest/";
  static final String JOIN = "join";
  static final Set<String> CLUSTER_QUERIES = Set.of("get", "joinStatus");
  static final Set<String> BOOTSTRAP_QUERIES = Set.of("joinStatus");
  static final Map<String, String> CLUSTER_SIGNALS =
      Map.of(
          "renewLease",
          MANAGED_CLUSTER,
          CLUSTER_CHANGED,
          MANIFEST_WORK,
          "viewChanged",
          MANAGED_CLUSTER_VIEW);
  static final Set<String> ACTIVITY_TASK_CALLS =
      Set.of(
          "RecordActivityTaskHeartbeat",
          "RespondActivityTaskCompleted",
          "RespondActivityTaskFailed",
          "RespondActivityTaskCanceled");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PayloadCompression COMPRESSION = new PayloadCompression();

  private final String namespace;

  /** A policy for the agents of one Temporal namespace. */
  public AgentPolicy(String namespace) {
    this.namespace = namespace;
  }

  /**
   * Judges one call.
   *
   * @param caller who calls
   * @param method the WorkflowService method's bare name ({@code PollActivityTaskQueue})
   * @param request the request as the agent sent it (payloads in plain text)
   * @param access how the caller's cluster stands; ignored for bootstrap callers
   */
  public Verdict check(Caller caller, String method, Message request, Access access) {
    Verdict namespaceCheck = checkNamespace(request);
    if (!namespaceCheck.allowed()) {
      return namespaceCheck;
    }
    if (method.equals("GetSystemInfo")) {
      return Verdict.ALLOW;
    }
    return switch (caller) {
      case Bootstrap bootstrap -> checkBootstrap(method, request);
      case ClusterAgent agent -> checkAgent(agent.cluster(), method, request, access);
    };
  }

  private Verdict checkBootstrap(String method, Message request) {
    return switch (method) {
      case "ExecuteMultiOperation" -> checkJoin(null, (ExecuteMultiOperationRequest) request);
      case "PollWorkflowExecutionUpdate" ->
          checkClusterWorkflow(
              null,
              ((PollWorkflowExecutionUpdateRequest) request)
                  .getUpdateRef()
                  .getWorkflowExecution()
                  .getWorkflowId(),
              "read how a join stands");
      case "QueryWorkflow" -> {
        QueryWorkflowRequest query = (QueryWorkflowRequest) request;
        if (isCertificateRequest(query)) {
          yield checkCertificateRequestRead(null, query);
        }
        Verdict target =
            checkClusterWorkflow(
                null, query.getExecution().getWorkflowId(), "read how a join stands");
        yield !target.allowed() || BOOTSTRAP_QUERIES.contains(query.getQuery().getQueryType())
            ? target
            : Verdict.deny(
                "a bootstrap credential may only ask how a join stands (query joinStatus), not "
                    + query.getQuery().getQueryType());
      }
      case "PollActivityTaskQueue" ->
          Verdict.deny(
              "a bootstrap credential cannot take work: join first, and poll with the certificate"
                  + " the hub issues once the cluster is accepted");
      default ->
          Verdict.deny(
              "a bootstrap credential may only ask to join and read how its join stands, not call "
                  + method);
    };
  }

  private Verdict checkAgent(String cluster, String method, Message request, Access access) {
    switch (method) {
      case "ExecuteMultiOperation":
        return checkJoin(cluster, (ExecuteMultiOperationRequest) request);
      case "PollWorkflowExecutionUpdate":
        return checkClusterWorkflow(
            cluster,
            ((PollWorkflowExecutionUpdateRequest) request)
                .getUpdateRef()
                .getWorkflowExecution()
                .getWorkflowId(),
            "read its join");
      case "DescribeNamespace":
        return Verdict.ALLOW;
      case "QueryWorkflow":
        if (isCertificateRequest((QueryWorkflowRequest) request)) {
          // Read at any standing: a renewing agent waits for its certificate like a joining one.
          return checkCertificateRequestRead(cluster, (QueryWorkflowRequest) request);
        }
        break;
      default:
        break;
    }
    if (access == Access.NONE) {
      return Verdict.deny(
          "cluster "
              + cluster
              + " is not accepted by the hub (pending, denied, or removed), so its agent may only"
              + " join; "
              + method
              + " is refused");
    }
    if (ACTIVITY_TASK_CALLS.contains(method)) {
      // The proxy unwraps the task token and refuses one that was not handed to this cluster.
      return Verdict.ALLOW;
    }
    return switch (method) {
      case "PollActivityTaskQueue" -> {
        String queue = ((PollActivityTaskQueueRequest) request).getTaskQueue().getName();
        yield queue.equals(taskQueue(cluster))
            ? Verdict.ALLOW
            : Verdict.deny(
                "the agent of "
                    + cluster
                    + " may poll "
                    + taskQueue(cluster)
                    + " only, not "
                    + queue);
      }
      case "SignalWorkflowExecution" ->
          checkSignal(cluster, (SignalWorkflowExecutionRequest) request);
      case "QueryWorkflow" -> {
        QueryWorkflowRequest query = (QueryWorkflowRequest) request;
        Verdict target =
            checkClusterWorkflow(cluster, query.getExecution().getWorkflowId(), "query");
        yield !target.allowed() || CLUSTER_QUERIES.contains(query.getQuery().getQueryType())
            ? target
            : Verdict.deny(
                "the agent of "
                    + cluster
                    + " may query its ManagedCluster with "
                    + CLUSTER_QUERIES
                    + ", not "
                    + query.getQuery().getQueryType());
      }
      case "DescribeWorkflowExecution" ->
          checkClusterWorkflow(
              cluster,
              ((DescribeWorkflowExecutionRequest) request).getExecution().getWorkflowId(),
              "read its standing from");
      case "ListWorkflowExecutions" -> {
        String query = ((ListWorkflowExecutionsRequest) request).getQuery();
        yield query.equals(ownWorksQuery(cluster)) || query.equals(ownViewsQuery(cluster))
            ? Verdict.ALLOW
            : Verdict.deny(
                "the agent of "
                    + cluster
                    + " may list its own running ManifestWorks and ManagedClusterViews only ("
                    + ownWorksQuery(cluster)
                    + "), not: "
                    + query);
      }
      case "ShutdownWorker" ->
          ((ShutdownWorkerRequest) request).getStickyTaskQueue().isEmpty()
              ? Verdict.ALLOW
              : Verdict.deny(
                  "an agent runs no workflows and has no sticky task queue to shut down");
      default ->
          Verdict.deny(
              "the agent of " + cluster + " may not call " + method + " through the front door");
    };
  }

  private Verdict checkSignal(String cluster, SignalWorkflowExecutionRequest signal) {
    String target = signal.getWorkflowExecution().getWorkflowId();
    String prefix = CLUSTER_SIGNALS.get(signal.getSignalName());
    boolean own =
        prefix != null
            && (prefix.equals(MANAGED_CLUSTER)
                ? target.equals(MANAGED_CLUSTER + cluster)
                : target.startsWith(prefix + cluster + "/"));
    if (own) {
      return Verdict.ALLOW;
    }
    if (CLUSTER_CHANGED.equals(signal.getSignalName())
        && target.startsWith(MANIFEST_WORK_REPLICA_SET)) {
      // A replica set holds the works of many clusters, so its ID names none: the change itself
      // must name the caller's cluster, and the replica set acts only on that cluster's work.
      String named = changedCluster(signal.getInput());
      return cluster.equals(named)
          ? Verdict.ALLOW
          : Verdict.deny(
              "the agent of "
                  + cluster
                  + " may tell a replica set of changes on "
                  + cluster
                  + " only, not on "
                  + (named == null ? "no named cluster" : named));
    }
    return Verdict.deny(
        "the agent of "
            + cluster
            + " may signal renewLease to ManagedCluster/"
            + cluster
            + ", clusterChanged to ManifestWork/"
            + cluster
            + "/* or, naming "
            + cluster
            + ", to a ManifestWorkReplicaSet, and viewChanged to ManagedClusterView/"
            + cluster
            + "/*, not "
            + signal.getSignalName()
            + " to "
            + target);
  }

  /** The cluster a {@code clusterChanged} signal's one plain JSON argument names, or null. */
  private static String changedCluster(Payloads input) {
    if (input.getPayloadsCount() != 1) {
      return null;
    }
    Payload only;
    try {
      // A large change list arrives compressed; the cluster it names is inside.
      only = COMPRESSION.decode(List.of(input.getPayloads(0))).get(0);
    } catch (PayloadCodecException e) {
      return null;
    }
    var encoding = only.getMetadataMap().get("encoding");
    if (encoding == null || !encoding.toStringUtf8().equals("json/plain")) {
      return null;
    }
    try {
      var cluster = JSON.readTree(only.getData().toByteArray()).get("cluster");
      return cluster == null || !cluster.isTextual() ? null : cluster.asText();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A join: update-with-start of {@code join} on {@code ManagedCluster/<name>}, started the way the
   * agent starts it and no other way (no other workflow, no carried state, no policy that would end
   * a running cluster).
   *
   * @param cluster the caller's own cluster, or null for a bootstrap caller (any valid name)
   */
  private Verdict checkJoin(String cluster, ExecuteMultiOperationRequest request) {
    if (request.getOperationsCount() != 2
        || !request.getOperations(0).hasStartWorkflow()
        || !request.getOperations(1).hasUpdateWorkflow()) {
      return Verdict.deny(
          "the only multi-operation an agent may send is its join (update-with-start)");
    }
    StartWorkflowExecutionRequest start = request.getOperations(0).getStartWorkflow();
    UpdateWorkflowExecutionRequest update = request.getOperations(1).getUpdateWorkflow();
    Verdict target = checkClusterWorkflow(cluster, start.getWorkflowId(), "join");
    if (!target.allowed()) {
      return target;
    }
    String name = start.getWorkflowId().substring(MANAGED_CLUSTER.length());
    if (!update.getWorkflowExecution().getWorkflowId().equals(start.getWorkflowId())
        || !update.getRequest().getInput().getName().equals(JOIN)) {
      return Verdict.deny("a join is the update \"join\" of " + start.getWorkflowId());
    }
    if (!start.getWorkflowType().getName().equals("ManagedClusterWorkflow")
        || !start.getTaskQueue().getName().equals(EntityOperations.HUB_TASK_QUEUE)) {
      return Verdict.deny(
          "a join starts ManagedClusterWorkflow on " + EntityOperations.HUB_TASK_QUEUE + " only");
    }
    if (start.getWorkflowIdConflictPolicy()
            != WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING
        || start.getWorkflowIdReusePolicy()
            == WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING) {
      return Verdict.deny("a join joins a running ManagedCluster, it never ends one");
    }
    if (!start.getCronSchedule().isEmpty()
        || start.hasMemo()
        || start.hasWorkflowStartDelay()
        || start.hasRetryPolicy()
        || start.hasContinuedFailure()
        || start.hasLastCompletionResult()
        || start.getCompletionCallbacksCount() > 0) {
      return Verdict.deny("a join may not set a schedule, memo, delay, retries or callbacks");
    }
    if (!startsWithoutState(start.getInput())) {
      return Verdict.deny(
          "a join starts a ManagedCluster with no carried state; only the hub continues one");
    }
    Verdict attributes = checkSearchAttributes(start, name);
    return attributes.allowed() ? Verdict.ALLOW : attributes;
  }

  /** The agent's start carries one null, as {@code run(null)} sends it. */
  private static boolean startsWithoutState(Payloads input) {
    if (input.getPayloadsCount() == 0) {
      return true;
    }
    if (input.getPayloadsCount() != 1) {
      return false;
    }
    Payload only = input.getPayloads(0);
    var encoding = only.getMetadataMap().get("encoding");
    return encoding != null && encoding.toStringUtf8().equals("binary/null");
  }

  private static Verdict checkSearchAttributes(StartWorkflowExecutionRequest start, String name) {
    Map<String, String> allowed =
        Map.of(
            FleetflowSearchAttributes.KIND.getName(),
            "ManagedCluster",
            FleetflowSearchAttributes.NAME.getName(),
            name);
    for (var entry : start.getSearchAttributes().getIndexedFieldsMap().entrySet()) {
      String expected = allowed.get(entry.getKey());
      if (expected == null || !expected.equals(jsonString(entry.getValue()))) {
        return Verdict.deny(
            "a join may set only FleetflowKind=ManagedCluster and FleetflowName="
                + name
                + ", not "
                + entry.getKey());
      }
    }
    return Verdict.ALLOW;
  }

  private static String jsonString(Payload payload) {
    try {
      return JSON.readValue(payload.getData().toByteArray(), String.class);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A call about a ManagedCluster workflow: the caller's own, or for a bootstrap caller (cluster
   * null) any that a valid cluster name makes.
   */
  private static Verdict checkClusterWorkflow(String cluster, String workflowId, String what) {
    if (!workflowId.startsWith(MANAGED_CLUSTER)) {
      return Verdict.deny("an agent may " + what + " a ManagedCluster only, not " + workflowId);
    }
    String name = workflowId.substring(MANAGED_CLUSTER.length());
    if (cluster == null) {
      return ClusterNames.isValidName(name)
          ? Verdict.ALLOW
          : Verdict.deny("\"" + name + "\" is not a valid cluster name");
    }
    return name.equals(cluster)
        ? Verdict.ALLOW
        : Verdict.deny(
            "the agent of "
                + cluster
                + " may "
                + what
                + " its own ManagedCluster only, not "
                + name);
  }

  private Verdict checkNamespace(Message request) {
    var field = request.getDescriptorForType().findFieldByName("namespace");
    if (field == null) {
      return Verdict.ALLOW;
    }
    Object value = request.getField(field);
    if (request instanceof DescribeNamespaceRequest describe && describe.getNamespace().isEmpty()) {
      return Verdict.deny("name the namespace to describe");
    }
    return namespace.equals(value)
        ? Verdict.ALLOW
        : Verdict.deny("agents use namespace " + namespace + " only, not " + value);
  }

  /** The task queue of a cluster's agent. */
  public static String taskQueue(String cluster) {
    return "cluster-" + cluster;
  }

  /** The listing an agent makes when it starts: its cluster's running ManifestWorks. */
  private static String ownWorksQuery(String cluster) {
    return Visibility.of(WorkKinds.MANIFEST_WORK).onCluster(cluster).query();
  }

  /** The listing an agent makes when it starts: its cluster's running views. */
  private static String ownViewsQuery(String cluster) {
    return Visibility.of(ViewKinds.MANAGED_CLUSTER_VIEW).onCluster(cluster).query();
  }

  private static boolean isCertificateRequest(QueryWorkflowRequest query) {
    return query.getExecution().getWorkflowId().startsWith(CERTIFICATE_SIGNING_REQUEST);
  }

  /**
   * A joining or renewing agent reads the request its join stored ({@code get}), to pick up its
   * certificate: a cluster's agent only its own cluster's requests, a bootstrap credential any
   * cluster's request (a request and a certificate are public; neither is of use without the key).
   */
  private static Verdict checkCertificateRequestRead(String cluster, QueryWorkflowRequest query) {
    String name =
        query.getExecution().getWorkflowId().substring(CERTIFICATE_SIGNING_REQUEST.length());
    if (!query.getQuery().getQueryType().equals("get")) {
      return Verdict.deny(
          "a certificate request may only be read (query get), not "
              + query.getQuery().getQueryType());
    }
    int dash = name.lastIndexOf('-');
    String owner = dash <= 0 ? "" : name.substring(0, dash);
    if (!ClusterNames.isValidName(owner) || !CertificateRequestNames.isOf(owner, name)) {
      return Verdict.deny("\"" + name + "\" is not the name of a cluster's certificate request");
    }
    if (cluster != null && !owner.equals(cluster)) {
      return Verdict.deny(
          "the agent of " + cluster + " may read its own certificate requests only, not " + name);
    }
    return Verdict.ALLOW;
  }
}
