package io.fleetflow.workflows.feed;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.hub.feed.FeedRuns;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec;
import io.fleetflow.model.feed.ChangeFeed;
import io.fleetflow.model.feed.EntityChange;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.clusterset.ManagedClusterSetWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Entities publish their changes to the ChangeFeed, whose history is the global order. */
class ChangeFeedWorkflowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private HubTestEnvironment hub;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    when(hub.agentFor("cluster1").describeCluster()).thenReturn(Fixtures.clusterInfo("cluster1"));
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void aCreatedChangedAndDeletedObjectAppearsInTheFeedInOrder() {
    ManagedClusterSetWorkflow set = createSet("prod");
    hub.env().sleep(Duration.ofSeconds(1));
    ManagedClusterSet current = set.get();
    current.getMetadata().setLabels(Map.of("tier", "gold"));
    set.apply(current, ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
    set.delete(ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    List<EntityChange> changes = hub.feedChanges();
    assertThat(changes).allMatch(c -> c.kind().equals("ManagedClusterSet"));
    assertThat(changes).allMatch(c -> c.name().equals("prod") && c.namespace() == null);
    assertThat(changes.getFirst().type()).isEqualTo(EntityChange.Type.ADDED);
    assertThat(changes.getLast().type()).isEqualTo(EntityChange.Type.DELETED);
    assertThat(changes).extracting(EntityChange::version).isSorted();
    assertThat(changes.getLast().version()).isEqualTo(changes.get(changes.size() - 2).version());
    assertThat(changes)
        .anySatisfy(
            c -> {
              assertThat(c.type()).isEqualTo(EntityChange.Type.MODIFIED);
              @SuppressWarnings("unchecked")
              Map<String, Object> metadata =
                  (Map<String, Object>) ((Map<String, Object>) c.object()).get("metadata");
              assertThat(metadata.get("labels")).isEqualTo(Map.of("tier", "gold"));
            });
    assertThat(changes).extracting(EntityChange::uid).containsOnly(current.getMetadata().getUid());
  }

  @Test
  void aFeedThatEndedIsStartedAgainAfterItsLastRunSoPositionsNeverGoBack() {
    createSet("before");
    hub.env().sleep(Duration.ofSeconds(1));
    WorkflowStub feed = hub.client().newUntypedWorkflowStub(ChangeFeed.WORKFLOW_ID);
    WorkflowExecution first = feed.describe().getWorkflowExecutionInfo().getExecution();
    assertThat(FeedRuns.runNumber(hub.client(), first)).isEqualTo(ChangeFeed.FIRST_RUN);

    // As Temporal does at the history size limit, or an operator by hand.
    feed.terminate("history size limit");
    createSet("after");
    hub.env().sleep(Duration.ofSeconds(1));

    WorkflowExecution next =
        hub.client()
            .newUntypedWorkflowStub(ChangeFeed.WORKFLOW_ID)
            .describe()
            .getWorkflowExecutionInfo()
            .getExecution();
    assertThat(next.getRunId()).isNotEqualTo(first.getRunId());
    assertThat(FeedRuns.runNumber(hub.client(), next)).isEqualTo(ChangeFeed.FIRST_RUN + 1);
    assertThat(hub.feedChanges()).extracting(EntityChange::name).contains("after");
  }

  @Test
  void aTurnThatChangesNothingPublishesNothing() {
    createSet("quiet");
    hub.env().sleep(Duration.ofSeconds(1));
    int afterCreate = hub.feedChanges().size();
    // The set re-checks its clusters every RESYNC; its status stays the same.
    hub.env().sleep(Duration.ofMinutes(2));
    assertThat(hub.feedChanges()).hasSize(afterCreate);
  }

  @Test
  void aChangeAHandlerMakesBetweenTurnsOfTheLoopIsPublishedWithANewVersion() {
    hub.join(Fixtures.join("cluster1", "sha256:one"));
    hub.env().sleep(Duration.ofSeconds(1));
    String before = hub.cluster("cluster1").get().getMetadata().getResourceVersion();

    // The refused join records the attempt on the cluster in its handler and fails; the cluster's
    // own loop has nothing to do, so only following the object publishes the change.
    assertThatThrownBy(() -> hub.join(Fixtures.join("cluster1", "sha256:two")))
        .isInstanceOf(WorkflowUpdateException.class);
    hub.env().sleep(Duration.ofSeconds(1));

    ManagedCluster shown = hub.cluster("cluster1").get();
    assertThat(shown.getMetadata().getResourceVersion()).isNotEqualTo(before);
    EntityChange last = hub.feedChanges().getLast();
    assertThat(last.type()).isEqualTo(EntityChange.Type.MODIFIED);
    assertThat(last.version()).isEqualTo(Long.parseLong(shown.getMetadata().getResourceVersion()));
    ManagedCluster published = JSON.convertValue(last.object(), ManagedCluster.class);
    assertThat(published.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getType()).isEqualTo("fleetflow.io/NameConflict"));
  }

  @Test
  void everyPublishedVersionOfAnObjectHasItsOwnContent() {
    hub.join(Fixtures.join("cluster1", "sha256:one"));
    hub.env().sleep(Duration.ofSeconds(1));
    assertThatThrownBy(() -> hub.join(Fixtures.join("cluster1", "sha256:two")))
        .isInstanceOf(WorkflowUpdateException.class);
    hub.env().sleep(Duration.ofSeconds(1));
    ManagedCluster accept = hub.cluster("cluster1").get();
    accept.getMetadata().setResourceVersion(null);
    accept.getSpec().setHubAcceptsClient(true);
    hub.cluster("cluster1").apply(accept, ADMIN);
    hub.env().sleep(Duration.ofSeconds(5));

    // A watch client keys what it holds by resourceVersion: one version, one content.
    Map<Long, Object> contentByVersion = new java.util.HashMap<>();
    for (EntityChange change : hub.feedChanges()) {
      if (change.kind().equals("ManagedCluster") && change.type() != EntityChange.Type.DELETED) {
        Object earlier = contentByVersion.putIfAbsent(change.version(), change.object());
        assertThat(earlier == null || earlier.equals(change.object()))
            .as("version %s was published with two contents", change.version())
            .isTrue();
      }
    }
    assertThat(contentByVersion).hasSizeGreaterThan(2);
  }

  private ManagedClusterSetWorkflow createSet(String name) {
    ManagedClusterSet set = new ManagedClusterSet();
    set.setMetadata(new ObjectMeta());
    set.getMetadata().setName(name);
    set.setSpec(new ManagedClusterSetSpec());
    return hub.createClusterSet(set, ADMIN);
  }
}
