package io.fleetflow.activities.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.model.work.ManifestWorkSpec.ConditionRule;
import io.fleetflow.model.work.ManifestWorkSpec.ExecutorSubject;
import io.fleetflow.model.work.ManifestWorkSpec.FeedbackRule;
import io.fleetflow.model.work.ManifestWorkSpec.JsonPath;
import io.fleetflow.model.work.ManifestWorkSpec.ManifestConfigOption;
import io.fleetflow.model.work.ManifestWorkSpec.ResourceIdentifier;
import io.fleetflow.model.work.ManifestWorkSpec.ServiceAccountRef;
import io.fleetflow.model.work.ManifestWorkSpec.UpdateStrategy;
import io.fleetflow.model.work.ManifestWorkStatus.FeedbackValue;
import io.fleetflow.model.work.ManifestWorkStatus.FieldValue;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The agent's activities, run through Temporal's activity test environment against fabric8's mock
 * API server in CRUD mode, so that objects really land on (and disappear from) a cluster.
 */
class AgentActivitiesImplTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final String VERSION = "v1.31.2";

  private KubernetesMockServer server;
  private KubernetesClient client;
  private TestActivityEnvironment env;
  private AgentActivities agent;
  private final List<Integer> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startClusterAndAgent() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false,
            new VersionInfo.Builder()
                .withMajor("1")
                .withMinor("31")
                .withGitVersion(VERSION)
                .build());
    server.init(InetAddress.getLoopbackAddress(), 0);
    // No client-side retries: a failing API server should fail the activity at once.
    client =
        server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    env = TestActivityEnvironment.newInstance();
    env.setActivityHeartbeatListener(Integer.class, heartbeats::add);
    env.registerActivitiesImplementations(new AgentActivitiesImpl(client, "cluster1"));
    agent = agentOf(env);
  }

  /** The agent's activities in an environment, tried once so that a failure shows at once. */
  private static AgentActivities agentOf(TestActivityEnvironment env) {
    return env.newActivityStub(
        AgentActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  @AfterEach
  void stopClusterAndAgent() {
    env.close();
    client.close();
    server.destroy();
  }

  @Nested
  class ApplyingAWork {
    @Test
    void createsEveryObjectAndReportsThemInTheOrderTheUserWroteThem() {
      ApplyResult result = agent.applyManifests(work(configMap("hello", "greeting", "hi")));

      assertThat(result.resources()).hasSize(2);
      ResourceResult cm = result.resources().get(0);
      ResourceResult ns = result.resources().get(1);
      assertThat(cm.meta())
          .isEqualTo(new ResourceMeta(0, "", "v1", "ConfigMap", "configmaps", "greeting", "hello"));
      assertThat(ns.meta())
          .isEqualTo(new ResourceMeta(1, "", "v1", "Namespace", "namespaces", "hello", null));
      assertThat(result.resources())
          .allSatisfy(
              r -> {
                assertThat(r.applied()).isTrue();
                assertThat(r.available()).isTrue();
                assertThat(r.reason()).isEqualTo("AppliedManifestComplete");
                assertThat(r.message()).endsWith("created");
              });
      assertThat(result.allApplied()).isTrue();
      assertThat(result.allAvailable()).isTrue();

      ConfigMap onCluster = client.configMaps().inNamespace("hello").withName("greeting").get();
      assertThat(onCluster.getData()).containsEntry("message", "hi");
      assertThat(cm.uid()).isNotBlank().isEqualTo(onCluster.getMetadata().getUid());
      assertThat(ns.uid())
          .isNotBlank()
          .isEqualTo(client.namespaces().withName("hello").get().getMetadata().getUid());
    }

    @Test
    void createsTheNamespaceBeforeTheObjectsInIt() throws Exception {
      drainRequests();

      agent.applyManifests(work(configMap("hello", "greeting", "hi")));

      List<String> creations =
          drainRequests().stream()
              .filter(r -> "POST".equals(r.getMethod()))
              .map(RecordedRequest::getPath)
              .toList();
      assertThat(creations)
          .containsExactly("/api/v1/namespaces", "/api/v1/namespaces/hello/configmaps");
      long namespaceVersion =
          Long.parseLong(
              client.namespaces().withName("hello").get().getMetadata().getResourceVersion());
      long configMapVersion =
          Long.parseLong(
              client
                  .configMaps()
                  .inNamespace("hello")
                  .withName("greeting")
                  .get()
                  .getMetadata()
                  .getResourceVersion());
      assertThat(namespaceVersion).isLessThan(configMapVersion);
    }

    @Test
    void aSecondApplyOfTheSameWorkChangesNothing() {
      agent.applyManifests(work(configMap("hello", "greeting", "hi")));
      String versionBefore =
          configMapOnCluster("hello", "greeting").getMetadata().getResourceVersion();

      ApplyResult again = agent.applyManifests(work(configMap("hello", "greeting", "hi")));

      assertThat(again.resources())
          .allSatisfy(
              r -> {
                assertThat(r.applied()).isTrue();
                assertThat(r.available()).isTrue();
                assertThat(r.message()).contains("unchanged");
              });
      assertThat(again.resources().get(0).message()).isEqualTo("ConfigMap greeting unchanged");
      assertThat(configMapOnCluster("hello", "greeting").getMetadata().getResourceVersion())
          .isEqualTo(versionBefore);
    }

    @Test
    void aChangedManifestIsWrittenToTheCluster() {
      ApplyResult first = agent.applyManifests(work(configMap("hello", "greeting", "hi")));
      String versionBefore =
          configMapOnCluster("hello", "greeting").getMetadata().getResourceVersion();

      ApplyResult second =
          agent.applyManifests(work(configMap("hello", "greeting", "hello there")));

      ResourceResult cm = second.resources().get(0);
      assertThat(cm.applied()).isTrue();
      assertThat(cm.message()).isEqualTo("ConfigMap greeting updated");
      assertThat(cm.uid()).isEqualTo(first.resources().get(0).uid());
      assertThat(second.resources().get(1).message()).isEqualTo("Namespace hello unchanged");
      ConfigMap onCluster = configMapOnCluster("hello", "greeting");
      assertThat(onCluster.getData()).containsEntry("message", "hello there");
      assertThat(onCluster.getMetadata().getResourceVersion()).isNotEqualTo(versionBefore);
    }

    @Test
    void aNamespacedManifestWithoutNamespaceLandsInDefault() {
      ApplyResult result = agent.applyManifests(work(configMap(null, "settings", "x")));

      assertThat(result.resources().get(0).meta().namespace()).isEqualTo("default");
      assertThat(result.resources().get(0).applied()).isTrue();
      assertThat(configMapOnCluster("default", "settings")).isNotNull();
    }

    @Test
    void aDeploymentIsAppliedWithItsGroupAndPluralResource() {
      GenericKubernetesResource deployment =
          manifest(
              """
              apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: web
                namespace: hello
              spec:
                replicas: 2
                selector:
                  matchLabels: {app: web}
                template:
                  metadata:
                    labels: {app: web}
                  spec:
                    containers:
                    - name: web
                      image: nginx:1.27
              """);

      ApplyResult result =
          agent.applyManifests(
              new ApplyRequest(
                  "cluster1", "web", 1, List.of(deployment, namespace("hello")), null));

      ResourceResult web = result.resources().get(0);
      assertThat(web.meta())
          .isEqualTo(
              new ResourceMeta(0, "apps", "v1", "Deployment", "deployments", "web", "hello"));
      assertThat(web.applied()).isTrue();
      assertThat(web.available()).isTrue();
      Deployment onCluster = client.apps().deployments().inNamespace("hello").withName("web").get();
      assertThat(onCluster.getSpec().getReplicas()).isEqualTo(2);
      assertThat(web.uid()).isEqualTo(onCluster.getMetadata().getUid());

      ApplyResult again =
          agent.applyManifests(
              new ApplyRequest(
                  "cluster1", "web", 1, List.of(deployment, namespace("hello")), null));
      assertThat(again.resources().get(0).message()).isEqualTo("Deployment web unchanged");
    }

    @Test
    void aQuickApplySendsNoHeartbeat() {
      agent.applyManifests(work(configMap("hello", "greeting", "hi")));

      // Each heartbeat is a write on the Temporal server; the completion reports a quick apply.
      assertThat(heartbeats).isEmpty();
    }

    @Test
    void anApplyPastItsQuietTimeReportsItsProgressByHeartbeatWhileManifestsRemain() {
      TestActivityEnvironment slowEnv = TestActivityEnvironment.newInstance();
      slowEnv.setActivityHeartbeatListener(Integer.class, heartbeats::add);
      slowEnv.registerActivitiesImplementations(
          new AgentActivitiesImpl(client, "cluster1", Duration.ZERO));
      try {
        agentOf(slowEnv).applyManifests(work(configMap("hello", "greeting", "hi")));
      } finally {
        slowEnv.close();
      }

      // Temporal throttles heartbeats: the first one (one manifest done) always gets through, and
      // the last manifest is told by the completion, not by a heartbeat of its own.
      assertThat(heartbeats).containsExactly(1);
    }

    @Test
    void aWorkOfOneManifestSendsNoHeartbeat() {
      agent.applyManifests(
          new ApplyRequest("cluster1", "solo", 1, List.of(namespace("solo")), null));

      assertThat(heartbeats).isEmpty();
    }

    @Test
    void aRejectedManifestIsReportedAndTheOthersAreStillApplied() {
      server
          .expect()
          .post()
          .withPath("/api/v1/namespaces/hello/configmaps")
          .andReturn(422, rejection("ConfigMap \"greeting\" is invalid: data: too long"))
          .once();

      ApplyResult result =
          agent.applyManifests(
              new ApplyRequest(
                  "cluster1",
                  "hello",
                  1,
                  List.of(
                      configMap("hello", "greeting", "hi"),
                      namespace("hello"),
                      configMap("default", "other", "x")),
                  null));

      ResourceResult rejected = result.resources().get(0);
      assertThat(rejected.applied()).isFalse();
      assertThat(rejected.available()).isFalse();
      assertThat(rejected.uid()).isNull();
      assertThat(rejected.reason()).isEqualTo("AppliedManifestFailed");
      assertThat(rejected.message()).startsWith("apply failed:").contains("too long");
      assertThat(rejected.meta().name()).isEqualTo("greeting");
      assertThat(result.resources().get(1).applied()).isTrue();
      assertThat(result.resources().get(2).applied()).isTrue();
      assertThat(result.allApplied()).isFalse();
      assertThat(configMapOnCluster("default", "other")).isNotNull();
    }

    @Test
    void aFailingApiServerFailsTheActivitySoTemporalRetriesIt() {
      server
          .expect()
          .post()
          .withPath("/api/v1/namespaces")
          .andReturn(503, rejection("etcd is unavailable"))
          .always();

      assertThatThrownBy(() -> agent.applyManifests(work(configMap("hello", "greeting", "hi"))))
          .isInstanceOf(ActivityFailure.class)
          .rootCause()
          .hasMessageContaining("KubernetesClientException");
      assertThat(configMapOnCluster("hello", "greeting")).isNull();
    }

    @Test
    void aNewObjectIsCreatedInOneCallToTheApiServer() throws Exception {
      agent.applyManifests(work(namespace("hello")));
      drainRequests();

      agent.applyManifests(
          new ApplyRequest(
              "cluster1", "hello", 1, List.of(configMap("hello", "greeting", "hi")), null));

      // No read before the create: most objects a work writes are new.
      assertThat(drainRequests())
          .extracting(r -> r.getMethod() + " " + r.getPath())
          .containsExactly("POST /api/v1/namespaces/hello/configmaps");
      assertThat(WorkOwnership.owners(configMapOnCluster("hello", "greeting")))
          .containsExactly("hello");
    }

    @Test
    void anObjectAlreadyOnTheClusterIsReadOnceAfterTheCreateIsRefusedAndUpdated() throws Exception {
      // Another writer (a controller, or an earlier attempt of this apply that the client or
      // Temporal retried) created the object: the agent's create meets it.
      createOnCluster("greeting", "from another writer");
      drainRequests();

      ApplyResult result =
          agent.applyManifests(
              new ApplyRequest(
                  "cluster1", "hello", 1, List.of(configMap("hello", "greeting", "hi")), null));

      assertThat(drainRequests())
          .extracting(r -> r.getMethod() + " " + r.getPath())
          .containsExactly(
              "POST /api/v1/namespaces/hello/configmaps",
              "GET /api/v1/namespaces/hello/configmaps/greeting",
              "PUT /api/v1/namespaces/hello/configmaps/greeting");
      assertThat(result.allApplied()).isTrue();
      assertThat(result.resources().get(0).message()).isEqualTo("ConfigMap greeting updated");
      assertThat(configMapOnCluster("hello", "greeting").getData()).containsEntry("message", "hi");
    }

    @Test
    void anObjectThatVanishesBetweenTheRefusedCreateAndTheReadIsCreatedAgain() {
      // The cluster refuses the create as the object exists, and it is deleted before the read.
      server
          .expect()
          .get()
          .withPath("/api/v1/namespaces/hello/configmaps/greeting")
          .andReturn(404, rejection("deleted meanwhile"))
          .once();
      server
          .expect()
          .post()
          .withPath("/api/v1/namespaces/hello/configmaps")
          .andReturn(409, rejection("configmaps \"greeting\" already exists"))
          .once();

      ApplyResult result =
          agent.applyManifests(
              new ApplyRequest(
                  "cluster1", "hello", 1, List.of(configMap("hello", "greeting", "hi")), null));

      assertThat(result.allApplied()).isTrue();
      assertThat(result.resources().get(0).message()).isEqualTo("ConfigMap greeting created");
      assertThat(configMapOnCluster("hello", "greeting").getData()).containsEntry("message", "hi");
    }

    @Test
    void aKeyRemovedFromTheManifestIsRemovedFromTheCluster() {
      GenericKubernetesResource twoKeys =
          manifest(
              """
              apiVersion: v1
              kind: ConfigMap
              metadata: {name: settings, namespace: default}
              data: {color: blue, size: large}
              """);
      GenericKubernetesResource oneKey =
          manifest(
              """
              apiVersion: v1
              kind: ConfigMap
              metadata: {name: settings, namespace: default}
              data: {color: blue}
              """);
      agent.applyManifests(new ApplyRequest("cluster1", "s", 1, List.of(twoKeys), null));

      ApplyResult result =
          agent.applyManifests(new ApplyRequest("cluster1", "s", 2, List.of(oneKey), null));

      assertThat(result.resources().get(0).message()).isEqualTo("ConfigMap settings updated");
      assertThat(configMapOnCluster("default", "settings").getData())
          .isEqualTo(Map.of("color", "blue"));
    }

    @Test
    void aManifestOfAnUnknownKindDoesNotStopTheOthers() {
      GenericKubernetesResource widget =
          manifest(
              """
              apiVersion: example.com/v1
              kind: Widget
              metadata: {name: w, namespace: default}
              spec: {size: 1}
              """);

      ApplyResult result =
          agent.applyManifests(
              new ApplyRequest(
                  "cluster1", "w", 1, List.of(configMap("default", "cm", "x"), widget), null));

      assertThat(result.resources().get(0).applied()).isTrue();
      ResourceResult failed = result.resources().get(1);
      assertThat(failed.applied()).isFalse();
      assertThat(failed.reason()).isEqualTo("AppliedManifestFailed");
      assertThat(failed.meta().resource()).isEqualTo("widgets");
    }
  }

  @Nested
  class UpdateStrategies {
    @Test
    void createOnlyLeavesAnExistingObjectAsItIs() {
      agent.applyManifests(work(configMap("hello", "greeting", "hi")));
      List<ManifestConfigOption> createOnly =
          List.of(strategy("", "configmaps", "greeting", "hello", "CreateOnly"));

      ApplyResult result =
          agent.applyManifests(
              new ApplyRequest(
                  "cluster1",
                  "hello",
                  2,
                  List.of(configMap("hello", "greeting", "changed"), namespace("hello")),
                  createOnly));

      assertThat(result.resources().get(0).applied()).isTrue();
      assertThat(result.resources().get(0).message()).isEqualTo("ConfigMap greeting unchanged");
      assertThat(configMapOnCluster("hello", "greeting").getData()).containsEntry("message", "hi");
    }

    @Test
    void createOnlyStillCreatesAMissingObject() {
      List<ManifestConfigOption> createOnly =
          List.of(strategy("", "configmaps", "greeting", "hello", "CreateOnly"));

      ApplyResult result =
          agent.applyManifests(
              new ApplyRequest(
                  "cluster1",
                  "hello",
                  1,
                  List.of(configMap("hello", "greeting", "hi"), namespace("hello")),
                  createOnly));

      assertThat(result.resources().get(0).message()).isEqualTo("ConfigMap greeting created");
      assertThat(configMapOnCluster("hello", "greeting").getData()).containsEntry("message", "hi");
    }

    @Test
    void readOnlyNeverCreatesAMissingObject() {
      List<ManifestConfigOption> readOnly =
          List.of(strategy(null, "configmaps", "watched", "default", "ReadOnly"));

      ApplyResult result =
          agent.applyManifests(
              new ApplyRequest(
                  "cluster1", "watch", 1, List.of(configMap("default", "watched", "x")), readOnly));

      ResourceResult watched = result.resources().get(0);
      assertThat(watched.available()).isFalse();
      assertThat(watched.reason()).isEqualTo("ResourceNotFound");
      assertThat(watched.uid()).isNull();
      assertThat(result.allAvailable()).isFalse();
      assertThat(configMapOnCluster("default", "watched")).isNull();
    }

    @Test
    void readOnlyReportsAnExistingObjectWithoutWritingIt() {
      agent.applyManifests(work(configMap("hello", "greeting", "hi")));
      String versionBefore =
          configMapOnCluster("hello", "greeting").getMetadata().getResourceVersion();
      List<ManifestConfigOption> readOnly =
          List.of(strategy("", "configmaps", "greeting", "hello", "ReadOnly"));

      ApplyResult result =
          agent.applyManifests(
              new ApplyRequest(
                  "cluster1",
                  "hello",
                  2,
                  List.of(configMap("hello", "greeting", "changed")),
                  readOnly));

      ResourceResult greeting = result.resources().get(0);
      assertThat(greeting.available()).isTrue();
      assertThat(greeting.reason()).isEqualTo("ResourceExists");
      assertThat(greeting.uid())
          .isEqualTo(configMapOnCluster("hello", "greeting").getMetadata().getUid());
      ConfigMap onCluster = configMapOnCluster("hello", "greeting");
      assertThat(onCluster.getData()).containsEntry("message", "hi");
      assertThat(onCluster.getMetadata().getResourceVersion()).isEqualTo(versionBefore);
    }

    @Test
    void aStrategyForAnotherObjectDoesNotApply() {
      agent.applyManifests(work(configMap("hello", "greeting", "hi")));
      List<ManifestConfigOption> createOnlyElsewhere =
          List.of(strategy("", "configmaps", "other", "hello", "CreateOnly"));

      ApplyResult result =
          agent.applyManifests(
              new ApplyRequest(
                  "cluster1",
                  "hello",
                  2,
                  List.of(configMap("hello", "greeting", "changed"), namespace("hello")),
                  createOnlyElsewhere));

      assertThat(result.resources().get(0).message()).isEqualTo("ConfigMap greeting updated");
      assertThat(configMapOnCluster("hello", "greeting").getData())
          .containsEntry("message", "changed");
    }
  }

  @Nested
  class StatusFeedback {
    @Test
    void wellKnownStatusReportsADeploymentsReplicaCountsAsOcmNamesThem() {
      agent.applyManifests(webWork(null));
      setDeploymentStatus(3, 2, 2, 3);

      ResourceResult web =
          agent.applyManifests(webWork(rules(List.of(wellKnown()), null))).resources().get(0);

      assertThat(web.statusFeedback())
          .extracting(v -> v.name() + "=" + v.fieldValue().type() + ":" + v.fieldValue().integer())
          .containsExactly(
              "ReadyReplicas=Integer:2", "Replicas=Integer:3", "AvailableReplicas=Integer:2");
      assertThat(condition(web, "StatusFeedbackSynced").getStatus()).isEqualTo("True");
    }

    @Test
    void jsonPathsReadStringsBooleansAndRawJson() {
      agent.applyManifests(webWork(null));
      setDeploymentStatus(3, 3, 3, 3);
      FeedbackRule paths =
          new FeedbackRule(
              FeedbackRule.JSON_PATHS,
              List.of(
                  new JsonPath(
                      "isAvailable", null, ".status.conditions[?(@.type==\"Available\")].status"),
                  new JsonPath("paused", null, ".spec.paused"),
                  new JsonPath("labels", null, ".spec.selector.matchLabels"),
                  new JsonPath("missing", null, ".status.unavailableReplicas")));

      ResourceResult web =
          agent.applyManifests(webWork(rules(List.of(paths), null))).resources().get(0);

      assertThat(web.statusFeedback())
          .extracting(FeedbackValue::name, FeedbackValue::fieldValue)
          .containsExactly(
              tuple("isAvailable", FieldValue.ofString("True")),
              tuple("paused", FieldValue.ofBoolean(false)),
              tuple("labels", FieldValue.ofJsonRaw("{\"app\":\"web\"}")));
    }

    @Test
    void wellKnownStatusOfAKindWithoutOneSaysSoInStatusFeedbackSynced() {
      ResourceResult cm =
          agent
              .applyManifests(
                  new ApplyRequest(
                      "cluster1",
                      "c",
                      1,
                      List.of(configMap("default", "settings", "x")),
                      List.of(
                          new ManifestConfigOption(
                              new ResourceIdentifier("", "configmaps", "settings", "default"),
                              List.of(wellKnown()),
                              null,
                              null))))
              .resources()
              .get(0);

      Condition synced = condition(cm, "StatusFeedbackSynced");
      assertThat(synced.getStatus()).isEqualTo("False");
      assertThat(synced.getMessage()).contains("no well-known statuses for ConfigMap");
      assertThat(cm.statusFeedback()).isEmpty();
    }
  }

  @Nested
  class ConditionRules {
    @Test
    void aCelRuleSetsItsConditionFromTheObjectOnTheCluster() {
      agent.applyManifests(webWork(null));
      setDeploymentStatus(3, 1, 1, 3);
      ConditionRule ready =
          new ConditionRule(
              "Ready",
              ConditionRule.CEL,
              List.of("object.status.readyReplicas == object.spec.replicas"),
              null,
              "result ? 'all ready' : string(object.status.readyReplicas) + ' ready'");

      ResourceResult notReady =
          agent.applyManifests(webWork(rules(null, List.of(ready)))).resources().get(0);
      setDeploymentStatus(3, 3, 3, 3);
      ResourceResult allReady =
          agent.applyManifests(webWork(rules(null, List.of(ready)))).resources().get(0);

      assertThat(condition(notReady, "Ready").getStatus()).isEqualTo("False");
      assertThat(condition(notReady, "Ready").getMessage()).isEqualTo("1 ready");
      assertThat(condition(allReady, "Ready").getStatus()).isEqualTo("True");
      assertThat(condition(allReady, "Ready").getReason()).isEqualTo("ConditionRuleEvaluated");
    }

    @Test
    void theWellKnownCompleteRuleFollowsAJob() {
      GenericKubernetesResource job =
          manifest(
              """
              apiVersion: batch/v1
              kind: Job
              metadata: {name: migrate, namespace: default}
              spec:
                template:
                  spec:
                    restartPolicy: Never
                    containers: [{name: m, image: busybox}]
              """);
      List<ManifestConfigOption> complete =
          List.of(
              new ManifestConfigOption(
                  new ResourceIdentifier("batch", "jobs", "migrate", "default"),
                  null,
                  null,
                  List.of(
                      new ConditionRule(
                          "Complete", ConditionRule.WELL_KNOWN_CONDITIONS, null, null, null))));
      ApplyRequest request = new ApplyRequest("cluster1", "job", 1, List.of(job), complete);

      ResourceResult running = agent.applyManifests(request).resources().get(0);
      migrateJob()
          .editStatus(
              j -> {
                j.setStatus(
                    new JobStatusBuilder()
                        .withSucceeded(1)
                        .addNewCondition()
                        .withType("Complete")
                        .withStatus("True")
                        .endCondition()
                        .build());
                return j;
              });
      ResourceResult finished = agent.applyManifests(request).resources().get(0);

      assertThat(condition(running, "Complete").getStatus()).isEqualTo("False");
      assertThat(condition(finished, "Complete").getStatus()).isEqualTo("True");
      assertThat(condition(finished, "Complete").getMessage()).isEqualTo("Job is finished");
      assertThat(condition(finished, "Progressing").getStatus()).isEqualTo("False");
      assertThat(condition(finished, "Degraded").getStatus()).isEqualTo("False");

      GenericKubernetesResource changed = manifest(YAML.asYaml(job).replace("busybox", "alpine"));
      ResourceResult frozen =
          agent
              .applyManifests(new ApplyRequest("cluster1", "job", 2, List.of(changed), complete))
              .resources()
              .get(0);

      assertThat(frozen.reason()).isEqualTo("Complete");
      assertThat(frozen.message()).endsWith("complete, so no longer updated");
      assertThat(
              migrateJob()
                  .get()
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getImage())
          .isEqualTo("busybox");
    }
  }

  @Nested
  class DerivedWorkloadConditions {
    @Test
    void aDeploymentProgressesUntilEveryReplicaIsUpdatedAndAvailable() {
      ResourceResult fresh = agent.applyManifests(webWork(null)).resources().get(0);
      long generation = deploymentOnCluster().getMetadata().getGeneration();
      setDeploymentStatus(3, 3, 1, generation);
      ResourceResult rolling = agent.applyManifests(webWork(null)).resources().get(0);
      setDeploymentStatus(3, 3, 3, generation);
      ResourceResult done = agent.applyManifests(webWork(null)).resources().get(0);

      assertThat(condition(fresh, "Progressing").getStatus()).isEqualTo("True");
      assertThat(condition(fresh, "Progressing").getMessage())
          .startsWith("waiting for the controller to observe generation");
      assertThat(condition(rolling, "Progressing").getMessage())
          .isEqualTo("1 of 3 updated replicas available");
      assertThat(condition(done, "Progressing").getStatus()).isEqualTo("False");
      assertThat(condition(done, "Progressing").getReason()).isEqualTo("RolloutComplete");
      assertThat(condition(done, "Degraded").getStatus()).isEqualTo("False");
    }

    @Test
    void aDeploymentPastItsProgressDeadlineIsDegraded() {
      agent.applyManifests(webWork(null));
      client
          .apps()
          .deployments()
          .inNamespace("hello")
          .withName("web")
          .editStatus(
              d -> {
                d.setStatus(
                    new DeploymentStatusBuilder()
                        .withObservedGeneration(d.getMetadata().getGeneration())
                        .withReplicas(3)
                        .withUpdatedReplicas(3)
                        .addNewCondition()
                        .withType("Progressing")
                        .withStatus("False")
                        .withReason("ProgressDeadlineExceeded")
                        .withMessage("ReplicaSet \"web-1\" has timed out progressing.")
                        .endCondition()
                        .build());
                return d;
              });

      ResourceResult web = agent.applyManifests(webWork(null)).resources().get(0);

      assertThat(condition(web, "Degraded").getStatus()).isEqualTo("True");
      assertThat(condition(web, "Degraded").getReason()).isEqualTo("ProgressDeadlineExceeded");
      assertThat(condition(web, "Degraded").getMessage()).contains("has timed out progressing");
      assertThat(condition(web, "Progressing").getStatus()).isEqualTo("False");
    }

    @Test
    void aUserRuleForProgressingWinsOverTheDerivedOne() {
      agent.applyManifests(webWork(null));
      ConditionRule mine =
          new ConditionRule("Progressing", ConditionRule.CEL, List.of("false"), "mine", null);

      ResourceResult web =
          agent.applyManifests(webWork(rules(null, List.of(mine)))).resources().get(0);

      assertThat(web.conditions()).filteredOn(c -> c.getType().equals("Progressing")).hasSize(1);
      assertThat(condition(web, "Progressing").getMessage()).isEqualTo("mine");
      assertThat(condition(web, "Degraded").getReason()).isEqualTo("RolloutInProgress");
    }

    @Test
    void aConfigMapHasNoDerivedConditions() {
      ResourceResult cm =
          agent.applyManifests(work(configMap("hello", "greeting", "hi"))).resources().get(0);

      assertThat(cm.conditions()).isNull();
      assertThat(cm.statusFeedback()).isNull();
    }
  }

  @Nested
  class Executor {
    private final ManifestWorkSpec.Executor deployer =
        new ManifestWorkSpec.Executor(
            new ExecutorSubject(
                ExecutorSubject.SERVICE_ACCOUNT, new ServiceAccountRef("hello", "deployer")));

    @Test
    void aMissingServiceAccountRefusesEveryManifestAndWritesNothing() {
      ApplyResult result =
          agent.applyManifests(
              new ApplyRequest(
                  "cluster1",
                  "hello",
                  1,
                  List.of(configMap("hello", "greeting", "hi"), namespace("hello")),
                  null,
                  deployer));

      assertThat(result.resources())
          .allSatisfy(
              r -> {
                assertThat(r.applied()).isFalse();
                assertThat(r.reason()).isEqualTo("ExecutorNotAllowed");
                assertThat(r.message())
                    .contains("ServiceAccount hello/deployer does not exist on the cluster");
              });
      assertThat(result.resources().get(0).meta().name()).isEqualTo("greeting");
      assertThat(client.namespaces().withName("hello").get()).isNull();
    }

    @Test
    void withTheServiceAccountTheAgentWritesImpersonatingIt() throws Exception {
      seedNamespace("hello");
      client
          .serviceAccounts()
          .inNamespace("hello")
          .resource(
              new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("deployer")
                  .endMetadata()
                  .build())
          .create();
      drainRequests();

      ApplyResult result =
          agent.applyManifests(
              new ApplyRequest(
                  "cluster1",
                  "hello",
                  1,
                  List.of(configMap("hello", "greeting", "hi")),
                  null,
                  deployer));

      assertThat(result.allApplied()).isTrue();
      RecordedRequest create =
          drainRequests().stream()
              .filter(r -> "POST".equals(r.getMethod()))
              .findFirst()
              .orElseThrow();
      assertThat(create.getHeader("Impersonate-User"))
          .isEqualTo("system:serviceaccount:hello:deployer");
      assertThat(configMapOnCluster("hello", "greeting").getData()).containsEntry("message", "hi");
    }
  }

  private GenericKubernetesResource webDeployment() {
    return manifest(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: hello}
        spec:
          replicas: 3
          paused: false
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers: [{name: web, image: nginx:1.27}]
        """);
  }

  private ApplyRequest webWork(ManifestConfigOption config) {
    return new ApplyRequest(
        "cluster1",
        "web",
        1,
        List.of(webDeployment(), namespace("hello")),
        config == null ? null : List.of(config));
  }

  private static ManifestConfigOption rules(
      List<FeedbackRule> feedback, List<ConditionRule> conditions) {
    return new ManifestConfigOption(
        new ResourceIdentifier("apps", "deployments", "web", "hello"), feedback, null, conditions);
  }

  private static FeedbackRule wellKnown() {
    return new FeedbackRule(FeedbackRule.WELL_KNOWN_STATUS, null);
  }

  private io.fabric8.kubernetes.client.dsl.ScalableResource<
          io.fabric8.kubernetes.api.model.batch.v1.Job>
      migrateJob() {
    return client.batch().v1().jobs().inNamespace("default").withName("migrate");
  }

  private Deployment deploymentOnCluster() {
    return client.apps().deployments().inNamespace("hello").withName("web").get();
  }

  /** Sets the status a Deployment controller would write. */
  private void setDeploymentStatus(int replicas, int updated, int available, long observed) {
    client
        .apps()
        .deployments()
        .inNamespace("hello")
        .withName("web")
        .editStatus(
            d -> {
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withObservedGeneration(observed)
                      .withReplicas(replicas)
                      .withUpdatedReplicas(updated)
                      .withReadyReplicas(available)
                      .withAvailableReplicas(available)
                      .addNewCondition()
                      .withType("Available")
                      .withStatus(available == replicas ? "True" : "False")
                      .endCondition()
                      .build());
              return d;
            });
  }

  private static Condition condition(ResourceResult result, String type) {
    assertThat(result.conditions()).as("conditions of " + result.meta().name()).isNotNull();
    return result.conditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + result));
  }

  @Nested
  class DeletingResources {
    @Test
    void removesTheListedObjectsAndReturnsOnceTheyAreGone() {
      ApplyResult applied = agent.applyManifests(work(configMap("hello", "greeting", "hi")));
      assertThat(configMapOnCluster("hello", "greeting")).isNotNull();

      agent.deleteResources(new DeleteRequest("cluster1", "hello", appliedBy(applied), null));

      assertThat(configMapOnCluster("hello", "greeting")).isNull();
      assertThat(client.namespaces().withName("hello").get()).isNull();
    }

    @Test
    void leavesObjectsThatAreNotListed() {
      agent.applyManifests(work(configMap("hello", "greeting", "hi")));
      agent.applyManifests(
          new ApplyRequest(
              "cluster1", "other", 1, List.of(configMap("hello", "keep", "me")), null));

      agent.deleteResources(
          new DeleteRequest(
              "cluster1",
              "hello",
              List.of(
                  new AppliedResource(
                      new ResourceMeta(0, "", "v1", "ConfigMap", "configmaps", "greeting", "hello"),
                      null)),
              null));

      assertThat(configMapOnCluster("hello", "greeting")).isNull();
      assertThat(configMapOnCluster("hello", "keep")).isNotNull();
    }

    @Test
    void waitsUntilAnObjectHeldByAFinalizerIsGone() throws Exception {
      client
          .configMaps()
          .inNamespace("default")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("held")
                  .addToAnnotations(WorkOwnership.OWNERS_ANNOTATION, "w")
                  .addToFinalizers("example.com/hold")
                  .endMetadata()
                  .build())
          .create();
      ResourceMeta held =
          new ResourceMeta(0, "", "v1", "ConfigMap", "configmaps", "held", "default");

      CompletableFuture<Void> deleting =
          CompletableFuture.runAsync(
              () ->
                  agent.deleteResources(
                      new DeleteRequest(
                          "cluster1", "w", List.of(new AppliedResource(held, null)), null)));

      await(() -> heartbeats.contains(1));
      assertThat(deleting).isNotDone();
      assertThat(configMapOnCluster("default", "held").getMetadata().getDeletionTimestamp())
          .isNotNull();

      client
          .configMaps()
          .inNamespace("default")
          .withName("held")
          .edit(
              cm -> new ConfigMapBuilder(cm).editMetadata().withFinalizers().endMetadata().build());

      deleting.get(10, TimeUnit.SECONDS);
      assertThat(configMapOnCluster("default", "held")).isNull();
    }

    @Test
    void succeedsWhenTheObjectsAreAlreadyGone() {
      List<ResourceMeta> gone =
          List.of(
              new ResourceMeta(0, "", "v1", "ConfigMap", "configmaps", "ghost", "hello"),
              new ResourceMeta(1, "", "v1", "Namespace", "namespaces", "nowhere", null),
              new ResourceMeta(2, "apps", "v1", "Deployment", "deployments", "web", "hello"));

      agent.deleteResources(
          new DeleteRequest(
              "cluster1",
              "hello",
              gone.stream().map(r -> new AppliedResource(r, null)).toList(),
              null));

      assertThat(client.configMaps().inAnyNamespace().list().getItems()).isEmpty();
    }

    @Test
    void deletingTwiceIsHarmless() {
      ApplyResult applied = agent.applyManifests(work(configMap("hello", "greeting", "hi")));
      DeleteRequest delete = new DeleteRequest("cluster1", "hello", appliedBy(applied), null);

      agent.deleteResources(delete);
      agent.deleteResources(delete);

      assertThat(configMapOnCluster("hello", "greeting")).isNull();
    }
  }

  @Nested
  class SharingAndOwnership {
    @Test
    void anObjectAppliedByTwoWorksNamesBothAsOwners() {
      applyAs("first", configMap("hello", "shared", "hi"));
      applyAs("second", configMap("hello", "shared", "hi"));

      ConfigMap shared = configMapOnCluster("hello", "shared");
      assertThat(WorkOwnership.owners(shared)).containsExactly("first", "second");
      assertThat(shared.getMetadata().getLabels())
          .containsEntry(WorkOwnership.APPLIED_LABEL, WorkOwnership.APPLIED_BY);
    }

    @Test
    void aSharedObjectOnlyLosesTheDeletedWorksOwnershipUntilTheLastOwnerLetsGo() {
      ApplyResult first = applyAs("first", configMap("hello", "shared", "hi"));
      ApplyResult second = applyAs("second", configMap("hello", "shared", "hi"));

      agent.deleteResources(new DeleteRequest("cluster1", "first", appliedBy(first), null));

      ConfigMap kept = configMapOnCluster("hello", "shared");
      assertThat(kept).isNotNull();
      assertThat(WorkOwnership.owners(kept)).containsExactly("second");

      agent.deleteResources(new DeleteRequest("cluster1", "second", appliedBy(second), null));

      assertThat(configMapOnCluster("hello", "shared")).isNull();
    }

    @Test
    void aWorkHeldByAReplicaSetIsRecordedWithItsHolderUntilItLetsGo() {
      ApplyResult held =
          agent.applyManifests(
              new ApplyRequest(
                      "cluster1",
                      "web",
                      1,
                      List.of(namespace("hello"), configMap("hello", "shared", "hi")),
                      null)
                  .heldBy("ManifestWorkReplicaSet/apps/web"));
      applyAs("second", configMap("hello", "shared", "hi"));

      ConfigMap shared = configMapOnCluster("hello", "shared");
      assertThat(WorkOwnership.owners(shared)).containsExactly("second", "web");
      assertThat(WorkOwnership.holders(shared))
          .containsExactly(Map.entry("web", "ManifestWorkReplicaSet/apps/web"));

      agent.deleteResources(new DeleteRequest("cluster1", "web", appliedBy(held), null));

      ConfigMap kept = configMapOnCluster("hello", "shared");
      assertThat(WorkOwnership.owners(kept)).containsExactly("second");
      assertThat(WorkOwnership.holders(kept)).isEmpty();
    }

    @Test
    void anObjectReCreatedWithAnotherUidIsNotDeleted() throws Exception {
      ApplyResult applied = applyAs("first", configMap("hello", "greeting", "hi"));
      client.configMaps().inNamespace("hello").withName("greeting").delete();
      await(() -> configMapOnCluster("hello", "greeting") == null);
      createOnCluster("greeting", "somebody else's");

      agent.deleteResources(new DeleteRequest("cluster1", "first", appliedBy(applied), null));

      assertThat(configMapOnCluster("hello", "greeting").getData())
          .containsEntry("message", "somebody else's");
    }

    @Test
    void anOrphanStaysOnTheClusterWithoutTheWorksOwnership() {
      ApplyResult applied = applyAs("first", configMap("hello", "greeting", "hi"));

      agent.deleteResources(new DeleteRequest("cluster1", "first", null, appliedBy(applied)));

      ConfigMap orphan = configMapOnCluster("hello", "greeting");
      assertThat(orphan.getData()).containsEntry("message", "hi");
      assertThat(WorkOwnership.owners(orphan)).isEmpty();
      assertThat(orphan.getMetadata().getLabels()).doesNotContainKey(WorkOwnership.APPLIED_LABEL);
    }

    @Test
    void anObjectTheWorkNeverWroteIsNotDeleted() {
      client
          .configMaps()
          .inNamespace("default")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("watched")
                  .endMetadata()
                  .addToData("message", "not the work's")
                  .build())
          .create();
      ResourceMeta watched =
          new ResourceMeta(0, "", "v1", "ConfigMap", "configmaps", "watched", "default");

      agent.deleteResources(
          new DeleteRequest(
              "cluster1", "first", List.of(new AppliedResource(watched, null)), null));

      assertThat(configMapOnCluster("default", "watched")).isNotNull();
    }

    private ApplyResult applyAs(String work, GenericKubernetesResource configMap) {
      return agent.applyManifests(
          new ApplyRequest("cluster1", work, 1, List.of(namespace("hello"), configMap), null));
    }
  }

  @Nested
  class DescribingTheCluster {
    @Test
    void sumsNodeCapacityAndCountsOnlySchedulableNodesAsAllocatable() {
      seedNamespace("kube-system");
      seedNode("node-a", false, "4", "16Gi", "3800m", "15Gi");
      seedNode("node-b", true, "2", "8Gi", "1900m", "7Gi");

      ClusterInfo info = agent.describeCluster();

      assertThat(info.capacity()).containsEntry("cpu", "6").containsEntry("memory", "24Gi");
      assertThat(info.allocatable()).containsEntry("cpu", "3800m").containsEntry("memory", "15Gi");
    }

    @Test
    void claimsTheUidOfKubeSystemAsTheClusterId() {
      String uid = seedNamespace("kube-system");

      ClusterInfo info = agent.describeCluster();

      assertThat(uid).isNotBlank();
      assertThat(info.claims())
          .containsEntry("id.k8s.io", uid)
          .containsEntry("kubeversion.open-cluster-management.io", info.kubernetesVersion());
    }

    @Test
    void reportsTheClusterClaimObjectsExceptSpokeOnlyOnes() {
      for (String[] claim :
          new String[][] {{"region.example.com", "eu", ""}, {"secret.example.com", "x", "yes"}}) {
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion("cluster.open-cluster-management.io/v1alpha1");
        object.setKind("ClusterClaim");
        object.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        object.getMetadata().setName(claim[0]);
        if (!claim[2].isEmpty()) {
          object.getMetadata().setLabels(Map.of("open-cluster-management.io/spoke-only", ""));
        }
        object.setAdditionalProperty("spec", Map.of("value", claim[1]));
        client
            .genericKubernetesResources(ClusterClaimReader.CLUSTER_CLAIMS)
            .resource(object)
            .create();
      }

      ClusterInfo info = agent.describeCluster();

      assertThat(info.claims())
          .containsEntry("region.example.com", "eu")
          .doesNotContainKey("secret.example.com");
    }

    @Test
    void fallsBackToTheClusterNameWithoutKubeSystem() {
      ClusterInfo info = agent.describeCluster();

      assertThat(info.claims()).containsEntry("id.k8s.io", "cluster1");
      assertThat(info.capacity()).isEmpty();
      assertThat(info.allocatable()).isEmpty();
    }

    @Test
    void reportsTheApiServerVersion() {
      ClusterInfo info = agent.describeCluster();

      assertThat(info.kubernetesVersion()).isEqualTo(client.getKubernetesVersion().getGitVersion());
    }
  }

  /** Another writer creates a ConfigMap in namespace hello. */
  private void createOnCluster(String name, String message) {
    client
        .configMaps()
        .inNamespace("hello")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToData("message", message)
                .build())
        .create();
  }

  private static String rejection(String message) {
    return """
        {"kind":"Status","apiVersion":"v1","status":"Failure","message":"%s"}
        """
        .formatted(message.replace("\"", "\\\""));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private ConfigMap configMapOnCluster(String namespace, String name) {
    return client.configMaps().inNamespace(namespace).withName(name).get();
  }

  private String seedNamespace(String name) {
    return client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create()
        .getMetadata()
        .getUid();
  }

  private void seedNode(
      String name,
      boolean unschedulable,
      String cpu,
      String memory,
      String allocatableCpu,
      String allocatableMemory) {
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withUnschedulable(unschedulable)
                .endSpec()
                .withNewStatus()
                .addToCapacity("cpu", new Quantity(cpu))
                .addToCapacity("memory", new Quantity(memory))
                .addToAllocatable("cpu", new Quantity(allocatableCpu))
                .addToAllocatable("memory", new Quantity(allocatableMemory))
                .endStatus()
                .build())
        .create();
  }

  /** A work of a ConfigMap and then the namespace it lives in, in that (wrong) order. */
  private static List<AppliedResource> appliedBy(ApplyResult result) {
    return result.resources().stream().map(r -> new AppliedResource(r.meta(), r.uid())).toList();
  }

  private static ApplyRequest work(GenericKubernetesResource configMap) {
    return new ApplyRequest("cluster1", "hello", 1, List.of(configMap, namespace("hello")), null);
  }

  private static GenericKubernetesResource configMap(
      String namespace, String name, String message) {
    return manifest(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
          %s
        data:
          message: "%s"
        """
            .formatted(name, namespace == null ? "" : "namespace: " + namespace, message));
  }

  private static GenericKubernetesResource namespace(String name) {
    return manifest(
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %s
        """
            .formatted(name));
  }

  private static GenericKubernetesResource manifest(String yaml) {
    return YAML.unmarshal(yaml, GenericKubernetesResource.class);
  }

  private static ManifestConfigOption strategy(
      String group, String resource, String name, String namespace, String type) {
    return new ManifestConfigOption(
        new ResourceIdentifier(group, resource, name, namespace), new UpdateStrategy(type, null));
  }

  private List<RecordedRequest> drainRequests() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
      requests.add(request);
    }
    return requests;
  }
}
