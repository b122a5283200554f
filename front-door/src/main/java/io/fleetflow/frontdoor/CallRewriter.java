package io.fleetflow.frontdoor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.fleetflow.frontdoor.Caller.ClusterAgent;
import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.security.codec.AesGcmPayloadCodec;
import io.fleetflow.security.codec.PayloadKeyRing;
import io.fleetflow.workflows.cluster.AgentStanding;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import java.io.IOException;
import java.util.Optional;

/**
 * Rewrites what passes the front door. Towards Temporal: the task token is unwrapped (and a token
 * not given to this cluster refused), the {@code identity} Temporal records becomes the one the
 * certificate proves, the agent identity inside a join or lease renewal becomes the fingerprint of
 * the certificate's key (an agent cannot claim another's), and every payload is encrypted. Towards
 * the agent: every payload is decrypted, task tokens are wrapped for the cluster, and listings lose
 * their memos (an agent needs the IDs only). So agents hold no payload key, and each one sees only
 * the payloads of its own cluster's calls.
 */
public final class CallRewriter {
  /** A call refused while it was rewritten. */
  public static final class RefusedException extends RuntimeException {
    public RefusedException(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IDENTITY = "identity";
  private static final String REQUESTER = "requester";
  private static final String TASK_TOKEN = "task_token";

  private final Optional<PayloadKeyRing> keys;
  private final TaskTokens taskTokens;

  /**
   * @param keys the payload key ring, or empty when payloads are kept in plain text
   * @param taskTokens the binding of task tokens to clusters
   */
  public CallRewriter(Optional<PayloadKeyRing> keys, TaskTokens taskTokens) {
    this.keys = keys;
    this.taskTokens = taskTokens;
  }

  /** Rewrites an agent's request before it goes to Temporal. */
  @SuppressWarnings("unchecked")
  public <Q extends Message> Q toTemporal(Caller caller, String method, Q request) {
    Message.Builder builder = request.toBuilder();
    FieldDescriptor token = request.getDescriptorForType().findFieldByName(TASK_TOKEN);
    if (token != null && AgentPolicy.ACTIVITY_TASK_CALLS.contains(method)) {
      String cluster = ((ClusterAgent) caller).cluster();
      byte[] wrapped = ((ByteString) request.getField(token)).toByteArray();
      byte[] original =
          taskTokens
              .unwrap(cluster, wrapped)
              .orElseThrow(
                  () ->
                      new RefusedException(
                          "this task was not given to the agent of "
                              + cluster
                              + "; "
                              + method
                              + " is refused"));
      builder.setField(token, ByteString.copyFrom(original));
    }
    FieldDescriptor identity = request.getDescriptorForType().findFieldByName(IDENTITY);
    if (identity != null && identity.getJavaType() == FieldDescriptor.JavaType.STRING) {
      builder.setField(identity, recordedIdentity(caller));
    }
    Message rewritten = builder.build();
    if (caller instanceof ClusterAgent agent) {
      rewritten = stampAgentIdentity(rewritten, agent.certificate().fingerprint());
    }
    rewritten = stampRequester(rewritten, requester(caller));
    Optional<PayloadKeyRing> ring = keys;
    if (ring.isPresent()) {
      PayloadKeyRing r = ring.get();
      rewritten = PayloadTransformer.transform(rewritten, p -> AesGcmPayloadCodec.encrypt(p, r));
    }
    return (Q) rewritten;
  }

  /** Rewrites Temporal's response before it goes to the agent. */
  @SuppressWarnings("unchecked")
  public <R extends Message> R toAgent(Caller caller, R response) {
    Message rewritten = response;
    Optional<PayloadKeyRing> ring = keys;
    if (ring.isPresent()) {
      PayloadKeyRing r = ring.get();
      rewritten = PayloadTransformer.transform(rewritten, p -> AesGcmPayloadCodec.decrypt(p, r));
    }
    if (rewritten instanceof PollActivityTaskQueueResponse task && !task.getTaskToken().isEmpty()) {
      String cluster = ((ClusterAgent) caller).cluster();
      rewritten =
          task.toBuilder()
              .setTaskToken(
                  ByteString.copyFrom(taskTokens.wrap(cluster, task.getTaskToken().toByteArray())))
              .build();
    }
    if (rewritten instanceof DescribeWorkflowExecutionResponse description) {
      rewritten = standingOnly(description);
    }
    if (rewritten instanceof ListWorkflowExecutionsResponse listing) {
      var builder = listing.toBuilder();
      builder.getExecutionsBuilderList().forEach(e -> e.clearMemo());
      rewritten = builder.build();
    }
    return (R) rewritten;
  }

  /**
   * An execution's description as an agent sees it: the execution, its status and the standing it
   * publishes, and nothing of the hub's own work (pending activities and children, other memos).
   */
  private static DescribeWorkflowExecutionResponse standingOnly(
      DescribeWorkflowExecutionResponse description) {
    WorkflowExecutionInfo info = description.getWorkflowExecutionInfo();
    WorkflowExecutionInfo.Builder kept =
        WorkflowExecutionInfo.newBuilder()
            .setExecution(info.getExecution())
            .setType(info.getType())
            .setStatus(info.getStatus());
    Payload standing = info.getMemo().getFieldsMap().get(AgentStanding.MEMO);
    if (standing != null) {
      kept.setMemo(Memo.newBuilder().putFields(AgentStanding.MEMO, standing));
    }
    return DescribeWorkflowExecutionResponse.newBuilder().setWorkflowExecutionInfo(kept).build();
  }

  /** What Temporal records as the worker or client identity of a call. */
  static String recordedIdentity(Caller caller) {
    return switch (caller) {
      case ClusterAgent agent ->
          agent.cluster() + "/" + agent.certificate().agent() + "@front-door";
      case Caller.Bootstrap bootstrap -> "system:bootstrap:" + bootstrap.tokenId() + "@front-door";
    };
  }

  /**
   * The user name the hub records as the requester of a join's certificate request, as an API
   * server names the sender of a CertificateSigningRequest.
   */
  static String requester(Caller caller) {
    return switch (caller) {
      case ClusterAgent agent ->
          ClusterNames.commonName(agent.cluster(), agent.certificate().agent());
      case Caller.Bootstrap bootstrap -> ClusterNames.BOOTSTRAP_USER_PREFIX + bootstrap.tokenId();
    };
  }

  /** Sets the {@code requester} of a join to who the credential proves the caller is. */
  private static Message stampRequester(Message request, String requester) {
    if (request instanceof ExecuteMultiOperationRequest multi && multi.getOperationsCount() == 2) {
      var builder = multi.toBuilder();
      var input =
          builder
              .getOperationsBuilder(1)
              .getUpdateWorkflowBuilder()
              .getRequestBuilder()
              .getInputBuilder();
      input.setArgs(withField(input.getArgs(), REQUESTER, requester));
      return builder.build();
    }
    return request;
  }

  /**
   * Sets the {@code identity} of a join request or lease renewal to the certificate's fingerprint:
   * the hub binds a cluster to the key that first joined it and counts leases of that key only.
   */
  private static Message stampAgentIdentity(Message request, String fingerprint) {
    if (request instanceof SignalWorkflowExecutionRequest signal
        && signal.getSignalName().equals("renewLease")) {
      return signal.toBuilder()
          .setInput(withField(signal.getInput(), IDENTITY, fingerprint))
          .build();
    }
    if (request instanceof ExecuteMultiOperationRequest multi && multi.getOperationsCount() == 2) {
      var builder = multi.toBuilder();
      var update = builder.getOperationsBuilder(1).getUpdateWorkflowBuilder();
      var input = update.getRequestBuilder().getInputBuilder();
      input.setArgs(withField(input.getArgs(), IDENTITY, fingerprint));
      return builder.build();
    }
    return request;
  }

  private static Payloads withField(Payloads payloads, String field, String value) {
    if (payloads.getPayloadsCount() == 0) {
      throw new RefusedException("the request carries no input");
    }
    Payload first = payloads.getPayloads(0);
    ByteString encoding = first.getMetadataMap().get(AesGcmPayloadCodec.ENCODING_METADATA);
    if (encoding == null || !encoding.toStringUtf8().equals("json/plain")) {
      throw new RefusedException("the request's input must be plain JSON");
    }
    try {
      if (!(JSON.readTree(first.getData().toByteArray()) instanceof ObjectNode object)) {
        throw new RefusedException("the request's input must be a JSON object");
      }
      object.put(field, value);
      return payloads.toBuilder()
          .setPayloads(
              0, first.toBuilder().setData(ByteString.copyFrom(JSON.writeValueAsBytes(object))))
          .build();
    } catch (IOException e) {
      throw new RefusedException("the request's input is not JSON: " + e.getMessage());
    }
  }
}
