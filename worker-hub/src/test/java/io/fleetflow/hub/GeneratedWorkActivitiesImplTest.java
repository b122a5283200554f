package io.fleetflow.hub;

import static io.fleetflow.hub.HubActivitiesEnvironment.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetflow.activities.hub.GeneratedWorkActivities;
import io.fleetflow.activities.hub.GeneratedWorkActivities.AppliedWork;
import io.fleetflow.activities.hub.GeneratedWorkActivities.GeneratedWork;
import io.fleetflow.activities.hub.GeneratedWorkActivities.GeneratedWorkResult;
import io.fleetflow.client.EntityClient;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.model.work.WorkKinds;
import io.fleetflow.workflows.entity.EntityWorkflowOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rollout's works are created, changed only for a new revision, and deleted through their own
 * workflows' updates.
 */
class GeneratedWorkActivitiesImplTest {
  private static final Actor ROLLOUT = Actor.system("rollout", "apps/web revision 1");

  private HubActivitiesEnvironment hub;
  private GeneratedWorkActivitiesImpl works;

  @BeforeEach
  void startHub() {
    hub = new HubActivitiesEnvironment();
    works = new GeneratedWorkActivitiesImpl(hub.entities());
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void aRevisionIsCreatedOnceAndANewRevisionChangesTheWork() {
    AppliedWork created = works.apply(generated(1, "hello"));
    AppliedWork again = works.apply(generated(1, "hello"));
    AppliedWork changed = works.apply(generated(2, "hello-v2"));

    assertThat(created.changed()).isTrue();
    assertThat(created.generation()).isEqualTo(1);
    assertThat(again.changed()).isFalse();
    assertThat(changed.changed()).isTrue();
    assertThat(changed.generation()).isEqualTo(2);
    assertThat(storedWork(2, "hello-v2").getMetadata().getLabels()).containsEntry("app", "web");
  }

  @Test
  void aClustersFirstWorkIsCreatedInOneCallWithoutAskingForItFirst() {
    QueryCounter queries = new QueryCounter();
    GeneratedWorkActivitiesImpl counted = new GeneratedWorkActivitiesImpl(queries.entities(hub));

    AppliedWork created = counted.apply(first(generated(1, "hello")));

    assertThat(queries.count()).isZero();
    assertThat(created.changed()).isTrue();
    assertThat(created.generation()).isEqualTo(1);
    storedWork(1, "hello");
  }

  /** The work "web" as the hub holds it, checked to carry the revision and its ConfigMap. */
  private ManifestWork storedWork(long revision, String configMap) {
    ManifestWork stored = hub.entities().entity(WorkKinds.MANIFEST_WORK, CLUSTER, "web").get();
    assertThat(stored.getMetadata().getAnnotations())
        .containsEntry(ManifestWorkReplicaSet.REVISION_ANNOTATION, Long.toString(revision));
    assertThat(stored.getSpec().getWorkload().manifests().get(0).getMetadata().getName())
        .isEqualTo(configMap);
    return stored;
  }

  @Test
  void aFirstApplyOfAWorkThatExistsAfterAllReadsItAndKeepsToTheRevisionRule() {
    QueryCounter queries = new QueryCounter();
    GeneratedWorkActivitiesImpl counted = new GeneratedWorkActivitiesImpl(queries.entities(hub));
    works.apply(generated(1, "hello"));

    // A retried first apply finds its own work: the create is refused and the work left alone.
    AppliedWork again = counted.apply(first(generated(1, "hello")));
    AppliedWork changed = counted.apply(first(generated(2, "hello-v2")));

    assertThat(again.changed()).isFalse();
    assertThat(again.generation()).isEqualTo(1);
    assertThat(changed.changed()).isTrue();
    assertThat(changed.generation()).isEqualTo(2);
    assertThat(queries.count()).isEqualTo(2);
  }

  @Test
  void aGeneratedWorkRunsBelowThePriorityOfAWorkCreatedByHand() {
    works.apply(generated(1, "hello"));
    hub.entities().create(WorkKinds.MANIFEST_WORK, byHand("manual"), ROLLOUT);

    assertThat(startPriority("web")).isEqualTo(EntityWorkflowOptions.GENERATED.getPriorityKey());
    // Zero is "not set": Temporal runs it at its default, which is above the generated works'.
    assertThat(startPriority("manual")).isZero();
  }

  private int startPriority(String work) {
    return hub.env()
        .getWorkflowClient()
        .fetchHistory(WorkKinds.MANIFEST_WORK.workflowId(CLUSTER, work))
        .getEvents()
        .get(0)
        .getWorkflowExecutionStartedEventAttributes()
        .getPriority()
        .getPriorityKey();
  }

  private static ManifestWork byHand(String name) {
    ManifestWork work = new ManifestWork();
    work.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    work.getMetadata().setName(name);
    work.getMetadata().setNamespace(CLUSTER);
    ManifestWorkSpec spec = new ManifestWorkSpec();
    spec.setWorkload(
        new ManifestWorkSpec.Workload(List.of(HubActivitiesEnvironment.configMap(name))));
    work.setSpec(spec);
    return work;
  }

  @Test
  void aDeletedWorkIsGoneOnceItsCleanupEndedAndDeletingItAgainDoesNothing() {
    works.apply(generated(1, "hello"));
    hub.env().sleep(Duration.ofSeconds(2));

    assertThat(works.gone(CLUSTER, "web")).isFalse();
    assertThat(works.delete(CLUSTER, "web", ROLLOUT)).isTrue();
    hub.env().sleep(Duration.ofSeconds(10));

    assertThat(works.gone(CLUSTER, "web")).isTrue();
    assertThat(works.delete(CLUSTER, "web", ROLLOUT)).isFalse();
    assertThat(works.delete(CLUSTER, "never", ROLLOUT)).isFalse();
  }

  @Test
  void anInvalidWorkIsRefusedAsAGeneratedWorkFailureNamingTheWork() {
    GeneratedWork empty =
        new GeneratedWork(CLUSTER, "web", Map.of(), Map.of(), new ManifestWorkSpec(), 1, ROLLOUT);

    assertThatThrownBy(() -> works.apply(empty))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("GeneratedWorkRefused");
              assertThat(f.getOriginalMessage()).startsWith("ManifestWork cluster1/web: ");
            });
  }

  @Test
  void aBatchAppliesEveryWorkAndReportsAnInvalidOneRefusedAtOnce() {
    TestActivityEnvironment activities = TestActivityEnvironment.newInstance();
    try {
      activities.registerActivitiesImplementations(works);
      GeneratedWorkActivities batch =
          activities.newActivityStub(
              GeneratedWorkActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(1))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
      GeneratedWork empty =
          new GeneratedWork(
              CLUSTER, "broken", Map.of(), Map.of(), new ManifestWorkSpec(), 1, ROLLOUT);
      long started = System.nanoTime();

      List<GeneratedWorkResult> results =
          batch.applyAll(List.of(generated(1, "hello"), empty, named(generated(1, "other"), "db")));

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
      assertThat(results).extracting(GeneratedWorkResult::cluster).containsOnly(CLUSTER);
      assertThat(results.get(0).applied().changed()).isTrue();
      assertThat(results.get(1).applied()).isNull();
      assertThat(results.get(1).refusal()).startsWith("ManifestWork cluster1/broken: ");
      assertThat(results.get(2).applied().generation()).isEqualTo(1);
      assertThat(hub.entities().entity(WorkKinds.MANIFEST_WORK, CLUSTER, "db").exists()).isTrue();

      // The retry of a batch leaves alone the works that carry their revision already.
      List<GeneratedWorkResult> again = batch.applyAll(List.of(generated(1, "hello")));
      assertThat(again.get(0).applied().changed()).isFalse();
    } finally {
      activities.close();
    }
  }

  /** The same work, marked as the first its owner gives the cluster. */
  private static GeneratedWork first(GeneratedWork work) {
    return new GeneratedWork(
        work.cluster(),
        work.name(),
        work.labels(),
        work.annotations(),
        work.spec(),
        work.revision(),
        work.actor(),
        true);
  }

  /** An entity client of the test hub that counts the queries it sends. */
  private static final class QueryCounter extends WorkflowClientInterceptorBase {
    private final AtomicInteger queries = new AtomicInteger();

    EntityClient entities(HubActivitiesEnvironment hub) {
      WorkflowClientOptions options =
          EntityClient.configure(
                  WorkflowClientOptions.newBuilder(hub.env().getWorkflowClient().getOptions()))
              .setInterceptors(this)
              .build();
      return new EntityClient(
          WorkflowClient.newInstance(hub.env().getWorkflowServiceStubs(), options));
    }

    int count() {
      return queries.get();
    }

    @Override
    public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(
        WorkflowClientCallsInterceptor next) {
      return new WorkflowClientCallsInterceptorBase(next) {
        @Override
        public <R> QueryOutput<R> query(QueryInput<R> input) {
          queries.incrementAndGet();
          return super.query(input);
        }
      };
    }
  }

  private static GeneratedWork named(GeneratedWork work, String name) {
    return new GeneratedWork(
        work.cluster(),
        name,
        work.labels(),
        work.annotations(),
        work.spec(),
        work.revision(),
        work.actor());
  }

  private static GeneratedWork generated(long revision, String configMap) {
    ManifestWorkSpec spec = new ManifestWorkSpec();
    spec.setWorkload(
        new ManifestWorkSpec.Workload(List.of(HubActivitiesEnvironment.configMap(configMap))));
    return new GeneratedWork(
        CLUSTER, "web", Map.of("app", "web"), Map.of(), spec, revision, ROLLOUT);
  }
}
