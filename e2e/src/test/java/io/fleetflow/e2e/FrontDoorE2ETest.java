package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.agent.identity.AgentIdentity;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.FrontDoorClients;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.model.certificates.Pem;
import io.fleetflow.security.pki.ClusterSigner;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Agents reach the hub only through the front door, each with its own cluster's certificate: an
 * accepted cluster works as before, its payloads are encrypted at rest, and another cluster's
 * certificate, the bootstrap token, a foreign or expired certificate, or no credential at all get
 * nothing of it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FrontDoorE2ETest {
  private static final String SECRET_VALUE = "front-door-e2e-s3cr3t-value";
  private static final String WORK =
      """
      apiVersion: work.open-cluster-management.io/v1
      kind: ManifestWork
      metadata: {name: db-credentials, namespace: cluster1}
      spec:
        workload:
          manifests:
          - apiVersion: v1
            kind: Namespace
            metadata: {name: db}
          - apiVersion: v1
            kind: Secret
            metadata: {name: db-credentials, namespace: db}
            stringData: {password: %s}
      """
          .formatted(SECRET_VALUE);

  private static Fleet fleet;
  private static Kubectl kubectl;
  private static FrontDoorClients clients;
  private static final List<WorkflowServiceStubs> opened = new ArrayList<>();

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl drives the scenario");
    fleet = Fleet.startSecure("front-door", List.of());
    kubectl = fleet.kubectl();
    clients = new FrontDoorClients(fleet);
    clients.provision("cluster1", "c1", Duration.ofHours(1));
    clients.provision("cluster2", "c2", Duration.ofHours(1));
    fleet.startAgent("cluster1", "c1");
    fleet.startAgent("cluster2", "c2");
  }

  @AfterAll
  static void stopFleet() {
    opened.forEach(WorkflowServiceStubs::shutdown);
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void agentsWithTheirCertificatesJoinAndWorkThroughTheFrontDoor() {
    for (String cluster : List.of("cluster1", "cluster2")) {
      await(cluster + " joined")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> kubectl.run(null, "get", "managedcluster", cluster).exitCode() == 0);
      kubectl.ok(
          "patch",
          "managedcluster",
          cluster,
          "--type=merge",
          "-p",
          "{\"spec\":{\"hubAcceptsClient\":true}}");
    }
    for (String cluster : List.of("cluster1", "cluster2")) {
      kubectl.ok(
          "wait",
          "--for=condition=ManagedClusterConditionAvailable",
          "managedcluster/" + cluster,
          "--timeout=120s");
    }
    // While a cluster waits for acceptance, its agent's reads of its standing (a description of
    // its ManagedCluster) are refused; nothing else of what the two agents do is.
    assertThat(
            Pem.read(fleet.frontDoor().log()).lines().filter(l -> l.contains("PERMISSION_DENIED")))
        .allMatch(
            l -> l.contains("PERMISSION_DENIED DescribeWorkflowExecution"),
            "only reads of the standing refused");
  }

  @Test
  @Order(2)
  void aSecretDeliveredThroughTheFrontDoorLeavesNoPlainTextInTheHistory() throws Exception {
    kubectl.run(WORK, "apply", "-f", "-").ok();
    kubectl.ok(
        "wait",
        "--for=condition=Applied",
        "manifestwork/db-credentials",
        "-n",
        "cluster1",
        "--timeout=120s");
    try (KubernetesClient cluster1 = fleet.clusterClient("cluster1", "c1")) {
      Secret secret = cluster1.secrets().inNamespace("db").withName("db-credentials").get();
      String password =
          secret.getData() != null && secret.getData().containsKey("password")
              ? new String(Base64.getDecoder().decode(secret.getData().get("password")))
              : secret.getStringData().get("password");
      assertThat(password).isEqualTo(SECRET_VALUE);
    }

    String history = temporalCli("workflow", "show", "-w", "ManifestWork/cluster1/db-credentials");
    String json =
        temporalCli("workflow", "show", "-w", "ManifestWork/cluster1/db-credentials", "-o", "json");

    String base64 =
        Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes(StandardCharsets.UTF_8));
    String encrypted = Base64.getEncoder().encodeToString("binary/encrypted".getBytes());
    assertThat(history).contains("ActivityTaskScheduled").doesNotContain(SECRET_VALUE);
    assertThat(json).contains(encrypted).doesNotContain(SECRET_VALUE).doesNotContain(base64);
  }

  @Test
  @Order(3)
  void cluster2sCertificateGetsNothingOfCluster1AndNothingChanges() throws Exception {
    WorkflowServiceBlockingStub cluster2 = open(cluster2Agent());

    assertRefused(
        Status.Code.PERMISSION_DENIED,
        "may poll cluster-cluster2 only",
        () -> cluster2.pollActivityTaskQueue(poll("cluster-cluster1")));
    assertRefused(
        Status.Code.PERMISSION_DENIED,
        "not renewLease to ManagedCluster/cluster1",
        () ->
            cluster2.signalWorkflowExecution(
                SignalWorkflowExecutionRequest.newBuilder()
                    .setNamespace("default")
                    .setWorkflowExecution(
                        WorkflowExecution.newBuilder().setWorkflowId("ManagedCluster/cluster1"))
                    .setSignalName("renewLease")
                    .setInput(jsonInput("{\"identity\":\"x\",\"apiServerHealthy\":false}"))
                    .build()));
    assertRefused(
        Status.Code.PERMISSION_DENIED,
        "its own running ManifestWorks and ManagedClusterViews only",
        () ->
            cluster2.listWorkflowExecutions(
                ListWorkflowExecutionsRequest.newBuilder()
                    .setNamespace("default")
                    .setQuery(
                        "FleetflowKind = 'ManifestWork' AND FleetflowCluster = 'cluster1' AND"
                            + " ExecutionStatus = 'Running'")
                    .build()));
    assertRefused(
        Status.Code.PERMISSION_DENIED,
        "a ManagedCluster only",
        () ->
            cluster2.queryWorkflow(
                QueryWorkflowRequest.newBuilder()
                    .setNamespace("default")
                    .setExecution(
                        WorkflowExecution.newBuilder()
                            .setWorkflowId("ManifestWork/cluster1/db-credentials"))
                    .setQuery(WorkflowQuery.newBuilder().setQueryType("get"))
                    .build()));
    assertRefused(
        Status.Code.PERMISSION_DENIED,
        "may not call TerminateWorkflowExecution",
        () ->
            cluster2.terminateWorkflowExecution(
                TerminateWorkflowExecutionRequest.newBuilder()
                    .setNamespace("default")
                    .setWorkflowExecution(
                        WorkflowExecution.newBuilder().setWorkflowId("ManagedCluster/cluster1"))
                    .build()));

    assertThat(
            kubectl.condition(
                "managedcluster", "cluster1", "ManagedClusterConditionAvailable", "status"))
        .isEqualTo("True");
    assertThat(
            kubectl.ok(
                "get",
                "manifestwork",
                "db-credentials",
                "-n",
                "cluster1",
                "-o",
                "jsonpath={.status.conditions[?(@.type==\"Applied\")].status}"))
        .isEqualTo("True");
    String log = Pem.read(fleet.frontDoor().log());
    assertThat(log)
        .contains("PERMISSION_DENIED PollActivityTaskQueue for cluster cluster2")
        .contains("PERMISSION_DENIED SignalWorkflowExecution for cluster cluster2")
        .contains("PERMISSION_DENIED TerminateWorkflowExecution for cluster cluster2");
  }

  @Test
  @Order(4)
  void theBootstrapTokenCannotPollAndNoCredentialGetsIn() {
    WorkflowServiceBlockingStub bootstrap = open(clients.withToken(clients.bootstrapToken()));
    WorkflowServiceBlockingStub guessed = open(clients.withToken("abcdef.0123456789abcdef"));
    WorkflowServiceBlockingStub nobody = open(clients.anonymous());

    assertRefused(
        Status.Code.PERMISSION_DENIED,
        "cannot take work",
        () -> bootstrap.pollActivityTaskQueue(poll("cluster-cluster1")));
    assertRefused(
        Status.Code.UNAUTHENTICATED,
        "not one of this hub's",
        () -> guessed.pollActivityTaskQueue(poll("cluster-cluster1")));
    assertRefused(
        Status.Code.UNAUTHENTICATED,
        "present a client certificate",
        () -> nobody.pollActivityTaskQueue(poll("cluster-cluster1")));
  }

  @Test
  @Order(5)
  void foreignAndExpiredCertificatesProveNothing() throws Exception {
    Path foreignDir = Files.createTempDirectory(fleet.dir(), "foreign-signer");
    ClusterSigner.createIfMissing(foreignDir, "fleetflow-cluster-signer");
    KeyPair keys = ClusterSigner.newKeyPair();
    X509Certificate foreign =
        FrontDoorClients.issue(
            "cluster1", keys, Duration.ofHours(1), ClusterSigner.load(foreignDir));
    X509Certificate shortLived =
        FrontDoorClients.issue("cluster1", keys, Duration.ofSeconds(1), clients.signer());
    Thread.sleep(1_500);

    assertRefused(
        Status.Code.UNAUTHENTICATED,
        "does not verify with this hub's cluster signer",
        () ->
            open(clients.withCertificate(foreign, keys))
                .pollActivityTaskQueue(poll("cluster-cluster1")));
    assertRefused(
        Status.Code.UNAUTHENTICATED,
        "expired at",
        () ->
            open(clients.withCertificate(shortLived, keys))
                .pollActivityTaskQueue(poll("cluster-cluster1")));
  }

  @Test
  @Order(6)
  void aDeniedClustersAgentIsRefusedWithinSecondsOfItsRelease() throws Exception {
    WorkflowServiceStubs stubs = cluster2Agent();
    opened.add(stubs);

    fleet.launcher("approver", "deny", "cluster2", "--reason", "decommissioned").ok();
    // The agent still removes the takeover resources from its cluster; then it is done.
    await("cluster2 released")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                !kubectl
                    .condition("managedcluster", "cluster2", "fleetflow.io/TakenOver", "reason")
                    .equals("Releasing"));
    long released = System.nanoTime();
    await("cluster2's certificate refused")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> pollRefused(stubs, "cluster-cluster2"));
    double seconds = (System.nanoTime() - released) / 1e9;
    System.out.printf("cluster2 refused %.1f s after its release ended%n", seconds);

    assertThat(Pem.read(fleet.frontDoor().log()))
        .contains(
            "PollActivityTaskQueue for cluster cluster2 (agent agent): cluster cluster2 is not accepted");
    assertThat(
            kubectl.condition(
                "managedcluster", "cluster1", "ManagedClusterConditionAvailable", "status"))
        .isEqualTo("True");
  }

  /** Stubs holding what cluster2's agent holds: its key and the certificate issued for it. */
  private static WorkflowServiceStubs cluster2Agent() {
    Path c2 = fleet.dir().resolve("c2/agents/cluster2");
    KeyPair keys = AgentIdentity.loadOrCreate(c2).keyPair();
    X509Certificate certificate = Pem.certificate(Pem.read(c2.resolve("client.crt")));
    return clients.withCertificate(certificate, keys);
  }

  /** Whether a poll is refused; an allowed poll waits for work and ends at its short deadline. */
  private static boolean pollRefused(WorkflowServiceStubs stubs, String queue) {
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(2, java.util.concurrent.TimeUnit.SECONDS)
          .pollActivityTaskQueue(poll(queue));
      return false;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() == Status.Code.PERMISSION_DENIED;
    }
  }

  private static WorkflowServiceBlockingStub open(WorkflowServiceStubs stubs) {
    opened.add(stubs);
    return stubs.blockingStub();
  }

  private static PollActivityTaskQueueRequest poll(String queue) {
    return PollActivityTaskQueueRequest.newBuilder()
        .setNamespace("default")
        .setTaskQueue(TaskQueue.newBuilder().setName(queue))
        .setIdentity("rogue")
        .build();
  }

  private static Payloads jsonInput(String json) {
    return Payloads.newBuilder()
        .addPayloads(
            Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFromUtf8(json)))
        .build();
  }

  private static void assertRefused(Status.Code code, String reason, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(reason);
            });
  }

  private static String temporalCli(String... args) throws Exception {
    String cli = System.getenv("FLEETFLOW_TEMPORAL_CLI");
    if (cli == null || cli.isBlank()) {
      Process install =
          new ProcessBuilder(
                  Path.of("..")
                      .toAbsolutePath()
                      .normalize()
                      .resolve("temporal-dev/install.sh")
                      .toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      cli = new String(install.getInputStream().readAllBytes()).strip();
      install.waitFor();
    }
    List<String> command = new ArrayList<>(List.of(cli));
    command.addAll(List.of(args));
    command.addAll(List.of("--address", fleet.temporalAddress()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }
}
