package io.fleetflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.workflows.entity.EntityFailures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryRejectedException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each failure Temporal's client raises means one entity exception, or passes through. */
class TemporalFailuresTest {
  private static final WorkflowExecution EXECUTION =
      WorkflowExecution.newBuilder().setWorkflowId("ManagedCluster/c1").build();

  @ParameterizedTest(name = "an update refused with {0} is {1}")
  @CsvSource({
    "Invalid, Invalid",
    "AlreadyExists, AlreadyExists",
    "Conflict, Conflict",
    "NotFound, NotFound",
    "Forbidden, Forbidden"
  })
  void entityFailuresOfUpdatesKeepTheirType(String type, String exception) {
    // As the SDK delivers a validator's failure: its type lost, the message prefixed with it.
    ApplicationFailure failure =
        ApplicationFailure.newFailure(type + ": user \"olga\" may not do this", "WrappedByTheSdk");
    RuntimeException mapped =
        TemporalFailures.translate(ClusterKinds.MANAGED_CLUSTER, "c1", update(failure));

    assertThat(mapped.getClass().getSimpleName()).isEqualTo(exception);
    assertThat(mapped).hasMessage("user \"olga\" may not do this");
    assertThat(((EntityException) mapped).kind()).isEqualTo(ClusterKinds.MANAGED_CLUSTER);
  }

  @Test
  void anUpdateFailureThatIsNoEntityFailurePassesThrough() {
    WorkflowUpdateException update =
        update(ApplicationFailure.newFailure("NullPointerException", "java.lang.NPE"));

    assertThat(TemporalFailures.translate(ClusterKinds.MANAGED_CLUSTER, "c1", update))
        .isSameAs(update);
  }

  @Test
  void aWorkflowThatIsGoneOrClosedIsNotFound() {
    assertThat(
            TemporalFailures.translate(
                ClusterKinds.MANAGED_CLUSTER,
                "c1",
                new WorkflowNotFoundException(EXECUTION, "T", null)))
        .isInstanceOf(EntityException.NotFound.class)
        .hasMessage("ManagedCluster \"c1\" not found");
    assertThat(
            TemporalFailures.translate(
                ClusterKinds.MANAGED_CLUSTER,
                "c1",
                new WorkflowQueryRejectedException(EXECUTION, "T", null)))
        .isInstanceOf(EntityException.NotFound.class);
    assertThat(
            TemporalFailures.translate(ClusterKinds.MANAGED_CLUSTER, "c1", grpc(Status.NOT_FOUND)))
        .isInstanceOf(EntityException.NotFound.class);
    assertThat(
            TemporalFailures.translate(
                ClusterKinds.MANAGED_CLUSTER,
                "c1",
                new WorkflowUpdateException(
                    EXECUTION, "u1", "apply", new WorkflowNotFoundException(EXECUTION, "T", null))))
        .isInstanceOf(EntityException.NotFound.class);
  }

  @ParameterizedTest(name = "{0} is Unavailable")
  @CsvSource({"DEADLINE_EXCEEDED", "UNAVAILABLE", "RESOURCE_EXHAUSTED"})
  void aServerThatDoesNotAnswerIsUnavailable(Status.Code code) {
    RuntimeException mapped =
        TemporalFailures.translate(ClusterKinds.MANAGED_CLUSTER, "c1", grpc(Status.fromCode(code)));

    assertThat(mapped).isInstanceOf(EntityException.Unavailable.class);
    assertThat(((EntityException.Unavailable) mapped).code()).isEqualTo(code.name());
  }

  @Test
  void aMessageTooLargeForTemporalIsTooLargeNotAnOutageToRetry() {
    RuntimeException mapped =
        TemporalFailures.translate(
            ClusterKinds.MANAGED_CLUSTER,
            "c1",
            grpc(
                Status.RESOURCE_EXHAUSTED.withDescription(
                    "grpc: received message larger than max (5000000 vs. 4194304)")));

    assertThat(mapped)
        .isInstanceOf(EntityException.TooLarge.class)
        .hasMessageContaining("larger than max");
  }

  @Test
  void anUpdateRefusedForAWorkflowTaskFailureIsSentAgainAndOtherRefusalsAreNot() {
    AtomicInteger calls = new AtomicInteger();
    String answer =
        TemporalFailures.callUpdate(
            ClusterKinds.MANAGED_CLUSTER,
            "c1",
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw grpc(
                    Status.FAILED_PRECONDITION.withDescription(
                        "Unable to perform workflow execution update due to unexpected workflow"
                            + " task failure."));
              }
              return "deleted";
            });
    assertThat(answer).isEqualTo("deleted");
    assertThat(calls).hasValue(2);

    calls.set(0);
    WorkflowServiceException other =
        grpc(Status.FAILED_PRECONDITION.withDescription("namespace is not active"));
    assertThatThrownBy(
            () ->
                TemporalFailures.callUpdate(
                    ClusterKinds.MANAGED_CLUSTER,
                    "c1",
                    () -> {
                      calls.incrementAndGet();
                      throw other;
                    }))
        .isSameAs(other);
    assertThat(calls).hasValue(1);
  }

  @Test
  void anyOtherServerErrorPassesThrough() {
    WorkflowServiceException internal = grpc(Status.INTERNAL);

    assertThat(TemporalFailures.translate(ClusterKinds.MANAGED_CLUSTER, "c1", internal))
        .isSameAs(internal);
  }

  @Test
  void theContractsTypesAreTheOnesMapped() {
    assertThat(
            TemporalFailures.translate(
                null, "c1", update(EntityFailures.of(EntityFailures.FORBIDDEN, "approvers only"))))
        .isInstanceOf(EntityException.Forbidden.class)
        .hasMessage("approvers only");
  }

  private static WorkflowUpdateException update(ApplicationFailure failure) {
    return new WorkflowUpdateException(EXECUTION, "u1", "apply", failure);
  }

  private static WorkflowServiceException grpc(Status status) {
    return new WorkflowServiceException(
        EXECUTION,
        "T",
        new StatusRuntimeException(
            status.getDescription() == null ? status.withDescription("from the server") : status));
  }

  @ParameterizedTest(name = "a visibility query failing with {0} is {1}")
  @CsvSource({
    "NOT_FOUND, Unavailable",
    "DEADLINE_EXCEEDED, Unavailable",
    "INVALID_ARGUMENT, StatusRuntimeException",
  })
  void aListThatFailsIsNeverAMissingResource(String code, String exception) {
    RuntimeException failure =
        new io.grpc.StatusRuntimeException(
            io.grpc.Status.fromCode(io.grpc.Status.Code.valueOf(code)));

    RuntimeException mapped =
        TemporalFailures.translateListing("FleetflowKind = 'ManagedCluster'", failure);

    assertThat(mapped.getClass().getSimpleName()).isEqualTo(exception);
  }
}
