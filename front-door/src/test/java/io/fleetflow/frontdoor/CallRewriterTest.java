package io.fleetflow.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.fleetflow.security.codec.AesGcmPayloadCodec;
import io.fleetflow.security.codec.PayloadKeyRing;
import io.fleetflow.security.pki.AgentCertificates.AgentCertificate;
import io.fleetflow.workflows.cluster.AgentStanding;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallRewriterTest {
  private static final Caller CLUSTER1 =
      new Caller.ClusterAgent(
          new AgentCertificate("cluster1", "agent", "sha256:proven", "1", Instant.MAX));
  private static final Caller CLUSTER2 =
      new Caller.ClusterAgent(
          new AgentCertificate("cluster2", "agent", "sha256:other", "2", Instant.MAX));

  @TempDir Path dir;

  private PayloadKeyRing ring() {
    Path keys = dir.resolve("keys");
    PayloadKeyRing.createIfMissing(keys);
    return PayloadKeyRing.read(keys);
  }

  private static Payload json(String text) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text))
        .build();
  }

  @Test
  void aTaskReachesTheAgentDecryptedWithATokenOnlyItsClusterCanUse() {
    PayloadKeyRing ring = ring();
    TaskTokens tokens = TaskTokens.fromFile(dir.resolve("task-token.key"));
    CallRewriter rewriter = new CallRewriter(Optional.of(ring), tokens);
    Payload secret = json("{\"kind\":\"Secret\",\"data\":{\"p\":\"c2VjcmV0\"}}");
    PollActivityTaskQueueResponse fromTemporal =
        PollActivityTaskQueueResponse.newBuilder()
            .setTaskToken(ByteString.copyFromUtf8("temporal-token"))
            .setInput(Payloads.newBuilder().addPayloads(AesGcmPayloadCodec.encrypt(secret, ring)))
            .setHeader(Header.newBuilder().putFields("tracing", json("\"t\"")))
            .build();

    PollActivityTaskQueueResponse toAgent = rewriter.toAgent(CLUSTER1, fromTemporal);
    RespondActivityTaskCompletedRequest done =
        RespondActivityTaskCompletedRequest.newBuilder()
            .setTaskToken(toAgent.getTaskToken())
            .setResult(Payloads.newBuilder().addPayloads(json("{\"applied\":true}")))
            .setIdentity("whatever the agent says")
            .build();
    RespondActivityTaskCompletedRequest toTemporal =
        rewriter.toTemporal(CLUSTER1, "RespondActivityTaskCompleted", done);

    assertThat(toAgent.getInput().getPayloads(0)).isEqualTo(secret);
    assertThat(toAgent.getHeader().getFieldsMap().get("tracing")).isEqualTo(json("\"t\""));
    assertThat(toAgent.getTaskToken().toStringUtf8()).isNotEqualTo("temporal-token");
    assertThat(toTemporal.getTaskToken().toStringUtf8()).isEqualTo("temporal-token");
    assertThat(toTemporal.getIdentity()).isEqualTo("cluster1/agent@front-door");
    assertThat(AesGcmPayloadCodec.isEncrypted(toTemporal.getResult().getPayloads(0))).isTrue();
    assertThat(AesGcmPayloadCodec.decrypt(toTemporal.getResult().getPayloads(0), ring))
        .isEqualTo(json("{\"applied\":true}"));
    assertThatThrownBy(() -> rewriter.toTemporal(CLUSTER2, "RespondActivityTaskCompleted", done))
        .isInstanceOf(CallRewriter.RefusedException.class)
        .hasMessageContaining("not given to the agent of cluster2");
  }

  @Test
  void aTokenTemporalIssuedButTheFrontDoorNeverHandedOutIsRefused() {
    CallRewriter rewriter =
        new CallRewriter(Optional.empty(), TaskTokens.fromFile(dir.resolve("k")));
    RespondActivityTaskFailedRequest raw =
        RespondActivityTaskFailedRequest.newBuilder()
            .setTaskToken(ByteString.copyFromUtf8("a token read from somewhere"))
            .build();

    assertThatThrownBy(() -> rewriter.toTemporal(CLUSTER1, "RespondActivityTaskFailed", raw))
        .isInstanceOf(CallRewriter.RefusedException.class);
  }

  @Test
  void aRestartedFrontDoorWithTheSameKeyFileStillAcceptsTheTokensItGaveOut() {
    byte[] wrapped =
        TaskTokens.fromFile(dir.resolve("shared.key")).wrap("cluster1", "t".getBytes());

    TaskTokens restarted = TaskTokens.fromFile(dir.resolve("shared.key"));

    assertThat(restarted.unwrap("cluster1", wrapped))
        .hasValueSatisfying(t -> assertThat(t).isEqualTo("t".getBytes()));
    assertThat(TaskTokens.fromFile(dir.resolve("another.key")).unwrap("cluster1", wrapped))
        .isEmpty();
  }

  @Test
  void aLeaseRenewalCarriesTheIdentityTheCertificateProvesWhateverTheAgentClaims() {
    PayloadKeyRing ring = ring();
    CallRewriter rewriter =
        new CallRewriter(Optional.of(ring), TaskTokens.fromFile(dir.resolve("k")));
    SignalWorkflowExecutionRequest renewal =
        SignalWorkflowExecutionRequest.newBuilder()
            .setWorkflowExecution(
                WorkflowExecution.newBuilder().setWorkflowId("ManagedCluster/cluster1"))
            .setSignalName("renewLease")
            .setInput(
                Payloads.newBuilder()
                    .addPayloads(
                        json("{\"identity\":\"sha256:someone-else\",\"apiServerHealthy\":true}")))
            .build();

    SignalWorkflowExecutionRequest sent =
        rewriter.toTemporal(CLUSTER1, "SignalWorkflowExecution", renewal);

    String body =
        AesGcmPayloadCodec.decrypt(sent.getInput().getPayloads(0), ring).getData().toStringUtf8();
    assertThat(body)
        .contains("\"identity\":\"sha256:proven\"")
        .contains("\"apiServerHealthy\":true");
  }

  @Test
  void failureDetailsAreEncryptedButSearchAttributesAreNotAndListingsLoseTheirMemos() {
    PayloadKeyRing ring = ring();
    CallRewriter rewriter =
        new CallRewriter(Optional.of(ring), TaskTokens.fromFile(dir.resolve("k")));
    RespondActivityTaskFailedRequest failed =
        RespondActivityTaskFailedRequest.newBuilder()
            .setTaskToken(
                ByteString.copyFrom(
                    TaskTokens.fromFile(dir.resolve("k")).wrap("cluster1", new byte[] {1})))
            .setFailure(
                Failure.newBuilder()
                    .setMessage("conflict")
                    .setApplicationFailureInfo(
                        ApplicationFailureInfo.newBuilder()
                            .setDetails(
                                Payloads.newBuilder().addPayloads(json("{\"field\":\"x\"}")))))
            .build();
    ListWorkflowExecutionsResponse listing =
        ListWorkflowExecutionsResponse.newBuilder()
            .addExecutions(
                WorkflowExecutionInfo.newBuilder()
                    .setExecution(
                        WorkflowExecution.newBuilder().setWorkflowId("ManifestWork/cluster1/a"))
                    .setMemo(
                        Memo.newBuilder()
                            .putFields("m", AesGcmPayloadCodec.encrypt(json("{}"), ring)))
                    .setSearchAttributes(
                        SearchAttributes.newBuilder()
                            .putIndexedFields("FleetflowCluster", json("\"cluster1\""))))
            .build();

    RespondActivityTaskFailedRequest sent =
        rewriter.toTemporal(CLUSTER1, "RespondActivityTaskFailed", failed);
    ListWorkflowExecutionsResponse shown = rewriter.toAgent(CLUSTER1, listing);

    assertThat(
            AesGcmPayloadCodec.isEncrypted(
                sent.getFailure().getApplicationFailureInfo().getDetails().getPayloads(0)))
        .isTrue();
    assertThat(shown.getExecutions(0).hasMemo()).isFalse();
    assertThat(
            shown
                .getExecutions(0)
                .getSearchAttributes()
                .getIndexedFieldsMap()
                .get("FleetflowCluster"))
        .isEqualTo(json("\"cluster1\""));
  }

  @Test
  void aDescriptionReachesTheAgentAsItsStandingDecryptedAndNothingOfTheHubsWork() {
    PayloadKeyRing ring = ring();
    CallRewriter rewriter =
        new CallRewriter(Optional.of(ring), TaskTokens.fromFile(dir.resolve("k")));
    Payload standing = json("{\"access\":\"FULL\",\"identity\":\"sha256:one\"}");
    DescribeWorkflowExecutionResponse description =
        DescribeWorkflowExecutionResponse.newBuilder()
            .setWorkflowExecutionInfo(
                WorkflowExecutionInfo.newBuilder()
                    .setExecution(
                        WorkflowExecution.newBuilder().setWorkflowId("ManagedCluster/cluster1"))
                    .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
                    .setMemo(
                        Memo.newBuilder()
                            .putFields(
                                AgentStanding.MEMO, AesGcmPayloadCodec.encrypt(standing, ring))
                            .putFields("other", AesGcmPayloadCodec.encrypt(json("{}"), ring)))
                    .setSearchAttributes(
                        SearchAttributes.newBuilder()
                            .putIndexedFields("FleetflowPhase", json("\"Available\""))))
            .addPendingActivities(
                PendingActivityInfo.newBuilder()
                    .setActivityId("1")
                    .setHeartbeatDetails(
                        Payloads.newBuilder()
                            .addPayloads(AesGcmPayloadCodec.encrypt(json("{}"), ring))))
            .build();

    DescribeWorkflowExecutionResponse shown = rewriter.toAgent(CLUSTER1, description);

    WorkflowExecutionInfo info = shown.getWorkflowExecutionInfo();
    assertThat(info.getExecution().getWorkflowId()).isEqualTo("ManagedCluster/cluster1");
    assertThat(info.getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(info.getMemo().getFieldsMap()).containsOnlyKeys(AgentStanding.MEMO);
    assertThat(info.getMemo().getFieldsMap().get(AgentStanding.MEMO)).isEqualTo(standing);
    assertThat(info.hasSearchAttributes()).isFalse();
    assertThat(shown.getPendingActivitiesList()).isEmpty();
  }
}
