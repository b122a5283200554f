package io.fleetflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.hub.ChangeFeedActivitiesImpl;
import io.fleetflow.activities.hub.InventoryActivities;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec.ClusterSelector;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.workflows.clusterset.ManagedClusterSetWorkflowImpl;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.feed.ChangeFeedWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The entity client against a real entity workflow (ManagedClusterSet) on Temporal's in-process
 * test server: each verb does what the contract says, and each refusal arrives as its own type.
 * Visibility listings are not served by the in-process server; {@code EntityClientE2ETest} in the
 * e2e module runs them against the real dev server.
 */
class EntityClientTest {
  private static final Actor OPERATOR = new Actor("olga", List.of(Roles.OPERATORS), "test");

  private TestWorkflowEnvironment env;
  private EntityClient entities;

  @BeforeEach
  void startHub() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    EntityClient.configure(WorkflowClientOptions.newBuilder()).build())
                .build());
    FleetflowSearchAttributes.ALL.forEach(
        key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
    var worker = env.newWorker(EntityOperations.HUB_TASK_QUEUE);
    // Entities publish their changes to the change feed; a deletion completes once published.
    worker.registerWorkflowImplementationTypes(
        ManagedClusterSetWorkflowImpl.class, ChangeFeedWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new NoClusters(),
        new ChangeFeedActivitiesImpl(env.getWorkflowClient(), EntityOperations.HUB_TASK_QUEUE));
    env.start();
    entities = new EntityClient(env.getWorkflowClient());
  }

  @AfterEach
  void stopHub() {
    env.close();
  }

  @Test
  void aCreatedObjectIsReadBackAndAnUnknownOneIsNotFound() {
    ManagedClusterSet created =
        entities.create(ClusterSetKinds.MANAGED_CLUSTER_SET, set("prod"), OPERATOR);

    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    var prod = entities.entity(ClusterSetKinds.MANAGED_CLUSTER_SET, null, "prod");
    assertThat(prod.workflowId()).isEqualTo("ManagedClusterSet/prod");
    assertThat(prod.get().getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(prod.exists()).isTrue();

    var unknown = entities.entity(ClusterSetKinds.MANAGED_CLUSTER_SET, null, "nowhere");
    assertThat(unknown.find()).isEmpty();
    assertThat(unknown.exists()).isFalse();
    assertThatThrownBy(unknown::get)
        .isInstanceOfSatisfying(
            EntityException.NotFound.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ClusterSetKinds.MANAGED_CLUSTER_SET);
              assertThat(e.name()).isEqualTo("nowhere");
              assertThat(e).hasMessage("ManagedClusterSet \"nowhere\" not found");
            });
  }

  @Test
  void creatingAnExistingObjectIsAlreadyExists() {
    entities.create(ClusterSetKinds.MANAGED_CLUSTER_SET, set("prod"), OPERATOR);

    assertThatThrownBy(
            () -> entities.create(ClusterSetKinds.MANAGED_CLUSTER_SET, set("prod"), OPERATOR))
        .isInstanceOf(EntityException.AlreadyExists.class)
        .hasMessageContaining("prod");
  }

  @Test
  void applyingAStaleVersionIsAConflictAndTheCurrentOneIsApplied() {
    entities.create(ClusterSetKinds.MANAGED_CLUSTER_SET, set("prod"), OPERATOR);
    var prod = entities.entity(ClusterSetKinds.MANAGED_CLUSTER_SET, null, "prod");

    ManagedClusterSet labelled = set("prod");
    labelled.getMetadata().setLabels(java.util.Map.of("tier", "gold"));
    // The hub writes status too, so the version to name is the one read after its first reconcile.
    env.sleep(Duration.ofSeconds(1));
    String current = prod.get().getMetadata().getResourceVersion();
    labelled.getMetadata().setResourceVersion(current);
    ManagedClusterSet applied = prod.apply(labelled, OPERATOR);
    assertThat(applied.getMetadata().getLabels()).containsEntry("tier", "gold");

    ManagedClusterSet stale = set("prod");
    stale.getMetadata().setResourceVersion(current);
    assertThatThrownBy(() -> prod.apply(stale, OPERATOR))
        .isInstanceOf(EntityException.Conflict.class);
    assertThat(prod.get().getMetadata().getLabels()).containsEntry("tier", "gold");
  }

  @Test
  void anInvalidObjectIsRefusedByTheWorkflowsValidator() {
    ManagedClusterSet invalid = set("prod");
    invalid.getSpec().setClusterSelector(new ClusterSelector("Sometimes", null));

    assertThatThrownBy(
            () -> entities.create(ClusterSetKinds.MANAGED_CLUSTER_SET, invalid, OPERATOR))
        .isInstanceOf(EntityException.Invalid.class)
        .hasMessageContaining("spec.clusterSelector.selectorType");
  }

  @Test
  void changingAnObjectThatNeverExistedIsNotFound() {
    var ghost = entities.entity(ClusterSetKinds.MANAGED_CLUSTER_SET, null, "ghost");

    assertThatThrownBy(() -> ghost.apply(set("ghost"), OPERATOR))
        .isInstanceOf(EntityException.NotFound.class);
    assertThatThrownBy(() -> ghost.delete(OPERATOR)).isInstanceOf(EntityException.NotFound.class);
    assertThatThrownBy(() -> ghost.signal("anything")).isInstanceOf(EntityException.NotFound.class);
  }

  @Test
  void aDeletedObjectIsGoneOnceItsWorkflowEnds() {
    entities.create(ClusterSetKinds.MANAGED_CLUSTER_SET, set("prod"), OPERATOR);
    var prod = entities.entity(ClusterSetKinds.MANAGED_CLUSTER_SET, null, "prod");

    ManagedClusterSet deleting = prod.delete(OPERATOR);

    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
    env.sleep(Duration.ofSeconds(5));
    assertThat(prod.exists()).isFalse();
    // A closed entity workflow is a deleted object: its last state is not served.
    assertThat(prod.find()).isEmpty();
    assertThatThrownBy(() -> prod.query(EntityOperations.GET, ManagedClusterSet.class))
        .isInstanceOf(EntityException.NotFound.class);
  }

  @Test
  void aServerThatCannotBeReachedIsUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    WorkflowServiceStubs nowhere =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + closedPort)
                .setRpcTimeout(Duration.ofSeconds(2))
                .build());
    try {
      EntityClient offline = new EntityClient(WorkflowClient.newInstance(nowhere));

      assertThatThrownBy(
              () -> offline.entity(ClusterSetKinds.MANAGED_CLUSTER_SET, null, "prod").get())
          .isInstanceOfSatisfying(
              EntityException.Unavailable.class,
              e -> assertThat(e.code()).isIn("UNAVAILABLE", "DEADLINE_EXCEEDED"));
    } finally {
      nowhere.shutdownNow();
    }
  }

  private static ManagedClusterSet set(String name) {
    ManagedClusterSet set = new ManagedClusterSet();
    set.setMetadata(new ObjectMeta());
    set.getMetadata().setName(name);
    ManagedClusterSetSpec spec = new ManagedClusterSetSpec();
    spec.setClusterSelector(
        new ClusterSelector(ManagedClusterSet.LABEL_SELECTOR, new LabelSelector()));
    set.setSpec(spec);
    return set;
  }

  /** A hub with no clusters: the set's status is computed from this inventory. */
  private static final class NoClusters implements InventoryActivities {
    @Override
    public List<ClusterLabels> clusters() {
      return List.of();
    }

    @Override
    public boolean exists(String kind, String namespace, String name) {
      return false;
    }

    @Override
    public int tellBindings(String set, boolean exists) {
      return 0;
    }
  }
}
