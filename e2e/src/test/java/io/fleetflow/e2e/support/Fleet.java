package io.fleetflow.e2e.support;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fleetflow.model.authz.ActorSeal;
import io.fleetflow.simulator.SimulatedCluster;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The whole system as {@code ./fleetflow up} runs it, each part a real process: the Temporal dev
 * server (from {@code temporal-dev/start.sh}, or the server {@code TEMPORAL_ADDRESS} names), the
 * hub worker, the HTTPS gateway with bearer tokens, and simulated clusters with their agents.
 */
public final class Fleet implements AutoCloseable {
  /** The checkout the tests run from. */
  public static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  /**
   * The lock that classes with fleets of dozens of simulated clusters hold ({@code @ResourceLock}):
   * one of them at a time beside a small class keeps the two cores from being what a durability or
   * burst scenario measures.
   */
  public static final String MANY_CLUSTERS = "fleetflow.many-clusters";

  private final Path dir;
  private final List<String> clusters;
  private final Map<String, String> tokens =
      Map.of(
          "admin",
          token(),
          "operator",
          token(),
          "approver",
          token(),
          "viewer",
          token(),
          "alice",
          token(),
          "bob",
          token());

  /**
   * The group of each user: the four roles' groups, and two tenants' ({@code alice} of team A,
   * {@code bob} of team B), who may do only what RBAC objects bound to their team allow.
   */
  private static final Map<String, String> GROUPS =
      Map.of(
          "admin", "fleetflow:admins",
          "operator", "fleetflow:operators",
          "approver", "fleetflow:approvers",
          "viewer", "fleetflow:viewers",
          "alice", "team-a",
          "bob", "team-b");

  private final List<String> hubArgs;
  private final String temporalAddress;
  private final int gatewayPort;
  private final List<ManagedProcess> processes = new ArrayList<>();
  private final List<SimulatedCluster> hostedClusters = new ArrayList<>();
  private ManagedProcess hub;
  private ManagedProcess gateway;
  private ManagedProcess frontDoor;
  private final boolean secure;
  private final int frontDoorPort;
  private int agentFleets;
  private ManagedProcess temporal;
  private WorkflowServiceStubs temporalService;

  private Fleet(String name, List<String> hubArgs, List<String> clusters, boolean secure) {
    this.dir = REPO.resolve("e2e/target/e2e").resolve(name + "-" + System.currentTimeMillis());
    this.clusters = clusters;
    this.secure = secure;
    this.hubArgs = new ArrayList<>(hubArgs);
    if (secure) {
      this.hubArgs.add("--fleetflow.payload-keys=" + dir.resolve("pki/payload-keys"));
      // The signer that issues the certificates agents ask for in their join (front-door init).
      this.hubArgs.add("--fleetflow.signer.dir=" + dir.resolve("pki/cluster-signer"));
    }
    this.frontDoorPort = secure ? freePort() : 0;
    String external = System.getenv("TEMPORAL_ADDRESS");
    this.temporalAddress =
        external == null || external.isBlank() ? "127.0.0.1:" + freePort() : external;
    this.gatewayPort = freePort();
    // Where add-on agents reach the hub: their hub kubeconfigs name the gateway and its
    // certificate.
    this.hubArgs.add("--fleetflow.addon.hub-url=https://127.0.0.1:" + gatewayPort);
    this.hubArgs.add("--fleetflow.addon.hub-ca-file=" + dir.resolve("gateway.crt"));
  }

  /** Starts every process and returns once the gateway answers and agents have joined. */
  public static Fleet start(String name, String... clusters) {
    return start(name, List.of(), clusters);
  }

  /** Starts every process, the hub with extra Spring arguments (its settings). */
  public static Fleet start(String name, List<String> hubArgs, String... clusters) {
    return start(new Fleet(name, hubArgs, List.of(clusters), false));
  }

  /**
   * Starts every process with the agents' front door in front of Temporal, as {@code ./fleetflow
   * up} does: the hub's files made by {@code front-door init} (cluster signer, serving certificate,
   * payload keys, a bootstrap token), payloads encrypted by hub, gateway and front door, and each
   * agent given the bootstrap kubeconfig.
   */
  public static Fleet startSecure(String name, List<String> hubArgs, String... clusters) {
    return start(new Fleet(name, hubArgs, List.of(clusters), true));
  }

  private static Fleet start(Fleet fleet) {
    try {
      fleet.startAll();
      return fleet;
    } catch (RuntimeException | Error e) {
      fleet.close();
      throw e;
    }
  }

  private void startAll() {
    try {
      Files.createDirectories(dir);
      GatewayTls.copyInto(dir);
      StringBuilder file = new StringBuilder();
      tokens.forEach(
          (role, token) ->
              file.append(token)
                  .append(',')
                  .append(role)
                  .append(',')
                  .append(role)
                  .append(",\"")
                  .append(GROUPS.get(role))
                  .append("\"\n"));
      Files.writeString(dir.resolve("tokens"), file.toString());
      // The key with which the gateway and the hub vouch for the actors they send to workflows.
      Files.writeString(actorKey(), ActorSeal.newKey());
      // A local JWT issuer, as ./fleetflow up runs one: the gateway trusts its public key.
      newSigningKey(dir.resolve("issuer.key"));
      run(
          "openssl",
          "pkey",
          "-in",
          dir.resolve("issuer.key").toString(),
          "-pubout",
          "-out",
          dir.resolve("issuer.pub").toString());
      writeKubeconfig();
      if (secure) {
        run(javaJar("front-door", "init", "--dir", pki().toString()).toArray(String[]::new));
        writeBootstrapKubeconfig();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (System.getenv("TEMPORAL_ADDRESS") == null) {
      String port = temporalAddress.substring(temporalAddress.indexOf(':') + 1);
      temporal =
          process(
              "temporal",
              List.of(
                  REPO.resolve("temporal-dev/start.sh").toString(),
                  "--db",
                  dir.resolve("temporal.db").toString(),
                  "--port",
                  port,
                  "--ui-port",
                  Integer.toString(freePort()),
                  "--headless",
                  "--log",
                  dir.resolve("temporal-server.log").toString()));
      temporal.awaitLog("Temporal dev server ready", Duration.ofSeconds(90));
    }
    // Hub, gateway and agents need only the Temporal server, not each other (an agent that joins
    // before the hub polls waits in the hub's task queue), so they start side by side and the
    // fleet waits for the slowest instead of the sum.
    hub = process("hub", hubCommand());
    gateway = process("gateway", javaJar("api-gateway", gatewayArgs(gatewayPort)));
    if (secure) {
      // The agents of a secure fleet reach the hub only through the front door.
      startFrontDoor();
    }
    if (!clusters.isEmpty()) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--fleet",
                  String.join(",", clusters),
                  "--simulate",
                  "--state-dir",
                  dir.resolve("state").toString()));
      args.addAll(agentHubArgs());
      process("agents", javaJar("agent-fleet", args.toArray(String[]::new)));
    }
    awaitHubStarted(hub, 0);
    gateway.awaitLog("Started GatewayApplication", Duration.ofSeconds(90));
  }

  private String[] gatewayArgs(int port) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=" + port,
                "--fleetflow.gateway.tokens-file=" + dir.resolve("tokens"),
                "--fleetflow.actor-key-file=" + actorKey(),
                "--fleetflow.gateway.jwt.issuer=" + JWT_ISSUER,
                "--fleetflow.gateway.jwt.audience=fleetflow",
                "--fleetflow.gateway.jwt.public-key-file=" + dir.resolve("issuer.pub"),
                "--server.ssl.key-store=" + dir.resolve("gateway.p12"),
                "--server.ssl.key-store-type=PKCS12",
                "--server.ssl.key-store-password=" + GatewayTls.PASSWORD,
                "--server.ssl.key-alias=gateway",
                "--fleetflow.payload-keys="
                    + (secure ? pki().resolve("payload-keys").toString() : "")));
    if (secure) {
      // Add-on agents authenticate with client certificates of the hub's signer.
      args.add("--server.ssl.client-auth=want");
      args.add("--server.ssl.trust-certificate=" + pki().resolve("cluster-signer/tls.crt"));
    }
    return args.toArray(String[]::new);
  }

  /**
   * Starts one more gateway beside the fleet's, on its own port, against the same Temporal server
   * and with the same tokens and keys, as a second replica of a gateway Deployment; returns once it
   * answers.
   */
  public Gateway startGateway(String name) {
    int port = freePort();
    List<String> args = new ArrayList<>(List.of(gatewayArgs(port)));
    args.add("--logging.level.io.fleetflow.client.rbac.FeedFollower=DEBUG");
    ManagedProcess process = process(name, javaJar("api-gateway", args.toArray(String[]::new)));
    process.awaitLog("Started GatewayApplication", Duration.ofSeconds(90));
    return new Gateway(process, new RawHttp(port, dir.resolve("gateway.crt"), tokens.get("admin")));
  }

  /**
   * A gateway started beside the fleet's.
   *
   * @param process its process
   * @param admin HTTP to it as the admin
   */
  public record Gateway(ManagedProcess process, RawHttp admin) {}

  /** Starts the agents' front door, or starts it again after it was killed. */
  public ManagedProcess startFrontDoor() {
    long before = frontDoor == null ? 0 : frontDoor.linesContaining("front door listening");
    ManagedProcess started =
        frontDoor == null
            ? process(
                "front-door",
                javaJar(
                    "front-door",
                    "--listen",
                    "127.0.0.1:" + frontDoorPort,
                    "--tls",
                    pki().resolve("front-door").toString(),
                    "--signer-cert",
                    pki().resolve("cluster-signer/tls.crt").toString(),
                    "--bootstrap-tokens",
                    pki().resolve("bootstrap-tokens").toString(),
                    "--payload-keys",
                    pki().resolve("payload-keys").toString(),
                    "--temporal-address",
                    temporalAddress))
            : frontDoor.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .failFast("the front door exited: " + started.logTail(), () -> !started.isAlive())
        .until(() -> started.linesContaining("front door listening") > before);
    frontDoor = started;
    return started;
  }

  /** The front door's process, for crash tests; null unless the fleet is secure. */
  public ManagedProcess frontDoor() {
    return frontDoor;
  }

  /** The port agents reach the front door on. */
  public int frontDoorPort() {
    return frontDoorPort;
  }

  /** The hub's security files: cluster-signer/, front-door/, payload-keys, bootstrap-tokens. */
  public Path pki() {
    return dir.resolve("pki");
  }

  /** The bootstrap kubeconfig an agent of this fleet starts with. */
  public Path bootstrapKubeconfig() {
    return dir.resolve("bootstrap-hub.kubeconfig");
  }

  /** How an agent of this fleet reaches the hub: the front door when the fleet is secure. */
  private List<String> agentHubArgs() {
    return secure ? List.of("--bootstrap-kubeconfig", bootstrapKubeconfig().toString()) : List.of();
  }

  private void writeBootstrapKubeconfig() throws IOException {
    String ca =
        Base64.getEncoder().encodeToString(Files.readAllBytes(pki().resolve("front-door/tls.crt")));
    String token =
        Files.readAllLines(pki().resolve("bootstrap-tokens")).stream()
            .filter(l -> !l.startsWith("#") && !l.isBlank())
            .findFirst()
            .orElseThrow();
    Files.writeString(
        bootstrapKubeconfig(),
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: hub
          cluster:
            server: https://127.0.0.1:%d
            certificate-authority-data: %s
        users:
        - name: bootstrap
          user:
            token: %s
        contexts:
        - name: bootstrap
          context:
            cluster: hub
            user: bootstrap
        current-context: bootstrap
        """
            .formatted(frontDoorPort, ca, token));
  }

  /** The key file the gateway and the hub share, as {@code ./fleetflow up} writes it. */
  public Path actorKey() {
    return dir.resolve("actor-key");
  }

  private String[] withActorKey(List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.add("--fleetflow.actor-key-file=" + actorKey());
    return all.toArray(String[]::new);
  }

  /**
   * The hub's command line; its heap is 512 MiB unless {@code -Dfleetflow.e2e.hubHeap} says, and
   * {@code -Dfleetflow.e2e.heldWorks=false} gives its replica sets' works a workflow each.
   */
  private List<String> hubCommand() {
    List<String> command =
        new ArrayList<>(
            AppJars.java(
                "worker-hub", System.getProperty("fleetflow.e2e.hubHeap", "512m"), List.of()));
    command.addAll(List.of(withActorKey(hubArgs)));
    if (!heldWorks()) {
      command.add("--fleetflow.rollout.held-works=false");
    }
    return command;
  }

  /**
   * Whether the hubs this run starts let replica sets hold their works, as the hub does by default;
   * {@code -Dfleetflow.e2e.heldWorks=false} runs them with a ManifestWork workflow per work.
   */
  public static boolean heldWorks() {
    return Boolean.parseBoolean(System.getProperty("fleetflow.e2e.heldWorks", "true"));
  }

  /**
   * Starts another hub worker beside the first, with the same settings, as a second replica of
   * {@code deploy/hub} runs; returns once it is ready.
   */
  public ManagedProcess startHubReplica(String name) {
    ManagedProcess replica = process(name, hubCommand());
    awaitHubStarted(replica, 0);
    return replica;
  }

  /** Starts the hub worker again after it was killed or stopped; returns once it is ready. */
  public ManagedProcess startHub() {
    long before = hub.linesContaining("Started HubApplication");
    awaitHubStarted(hub.start(), before);
    return hub;
  }

  private static void awaitHubStarted(ManagedProcess hub, long startsBefore) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .failFast("the hub exited: " + hub.logTail(), () -> !hub.isAlive())
        .until(() -> hub.linesContaining("Started HubApplication") > startsBefore);
  }

  /**
   * Starts one more agent process for a simulated cluster, with its own state directory (and so its
   * own identity) under {@code stateName}.
   */
  public ManagedProcess startAgent(String cluster, String stateName, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("--cluster-name", cluster, "--simulate"));
    args.addAll(List.of("--state-dir", dir.resolve(stateName).toString()));
    args.addAll(agentHubArgs());
    args.addAll(List.of(extraArgs));
    return process(
        "agent-" + cluster + "-" + stateName, javaJar("agent-fleet", args.toArray(String[]::new)));
  }

  /**
   * Starts an agent process for a cluster that lives outside it (its kubeconfig given), as an agent
   * in a real cluster runs; killing the agent leaves the cluster as it was.
   */
  public ManagedProcess startAgentOn(String cluster, Path kubeconfig, String stateName) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--cluster-name",
                cluster,
                "--kubeconfig",
                kubeconfig.toString(),
                "--state-dir",
                dir.resolve(stateName).toString()));
    args.addAll(agentHubArgs());
    return process(
        "agent-" + cluster + "-" + stateName, javaJar("worker-agent", args.toArray(String[]::new)));
  }

  /**
   * Starts the agent of a real cluster the way it runs in a pod of that cluster: {@code
   * --in-cluster}, with the environment and files a pod of the agent's ServiceAccount sees (the API
   * server from {@code KUBERNETES_SERVICE_HOST} and {@code _PORT}, the ServiceAccount's token, the
   * cluster's CA, its namespace), so the agent has exactly the RBAC of {@code deploy/agent/rbac}.
   * fabric8 reads the token and CA from the paths its system properties name, since this process
   * has no {@code /var/run/secrets}.
   */
  public ManagedProcess startAgentInCluster(String cluster, RealCluster real) {
    Path credentials = real.agentCredentials();
    List<String> command =
        new ArrayList<>(
            AppJars.java(
                "worker-agent",
                "256m",
                List.of(
                    "-Dkubernetes.auth.serviceAccount.token=" + credentials.resolve("token"),
                    "-Dkubernetes.certs.ca.file=" + credentials.resolve("ca.crt"),
                    "-Dkubernetes.namespace=fleetflow-agent")));
    command.addAll(List.of("--cluster-name", cluster, "--in-cluster"));
    command.addAll(List.of("--state-dir", dir.resolve("real-" + cluster).toString()));
    command.addAll(agentHubArgs());
    return process(
        "agent-" + cluster,
        command,
        Map.of(
            "KUBERNETES_SERVICE_HOST", "127.0.0.1", "KUBERNETES_SERVICE_PORT", "" + real.port()));
  }

  /** The agent's image as {@code ./fleetflow images} (Jib) builds it. */
  public static final Path AGENT_IMAGE = REPO.resolve("worker-agent/target/jib-image.tar");

  /**
   * Starts the agent from its image ({@link #AGENT_IMAGE}) as a pod of the real cluster would run
   * it: {@code images/check.sh} unpacks the image and runs its entrypoint with chroot as the
   * image's user, with the ServiceAccount's token, CA and namespace at the paths the kubelet mounts
   * them and the pod's environment. Only the network is the host's, as it would be with
   * hostNetwork.
   */
  public ManagedProcess startAgentImage(String cluster, RealCluster real) {
    Path credentials = real.agentCredentials();
    String secrets = "/var/run/secrets/kubernetes.io/serviceaccount/";
    List<String> command =
        new ArrayList<>(
            List.of(
                REPO.resolve("images/check.sh").toString(),
                "--env",
                "KUBERNETES_SERVICE_HOST=127.0.0.1",
                "--env",
                "KUBERNETES_SERVICE_PORT=" + real.port(),
                "--env",
                "TEMPORAL_ADDRESS=" + temporalAddress,
                "--copy",
                credentials.resolve("token") + ":" + secrets + "token",
                "--copy",
                credentials.resolve("ca.crt") + ":" + secrets + "ca.crt",
                "--copy",
                credentials.resolve("namespace") + ":" + secrets + "namespace",
                AGENT_IMAGE.toString(),
                "--cluster-name",
                cluster,
                "--in-cluster"));
    return process("agent-image-" + cluster, command);
  }

  /**
   * A raw HTTP client of the gateway with the token of a role (admin, operator, approver, viewer),
   * or with none ({@code null}), for requests no client library would send.
   */
  public RawHttp rawGateway(String role) {
    return new RawHttp(
        gatewayPort, dir.resolve("gateway.crt"), role == null ? null : tokens.get(role));
  }

  /** Raw HTTP to the gateway with any bearer token (a JWT, say). */
  public RawHttp rawGatewayWithToken(String token) {
    return new RawHttp(gatewayPort, dir.resolve("gateway.crt"), token);
  }

  /** The directory of this fleet's files (logs, kubeconfigs, state). */
  public Path dir() {
    return dir;
  }

  /**
   * Waits until every named cluster has joined and is Available; when one is not in time, the
   * failure carries the last lines of the hub's and the agents' logs, which say why.
   */
  public void awaitAvailable(List<String> clusters, Duration timeout) {
    try {
      Placements.awaitAvailable(kubectl(), clusters, timeout);
    } catch (AssertionError e) {
      StringBuilder logs = new StringBuilder(e.getMessage());
      for (String log : List.of("hub.log", "agents.log")) {
        logs.append("\n--- last lines of ").append(log).append(":\n").append(tail(log, 40));
      }
      throw new AssertionError(logs.toString(), e);
    }
  }

  private String tail(String log, int lines) {
    try {
      List<String> all = Files.readAllLines(dir.resolve(log));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /**
   * Starts one agent process that hosts many simulated clusters (fleet mode), with a heap sized for
   * them. Several may run side by side; the first logs to {@code agent-fleet.log}, the next ones to
   * {@code agent-fleet-2.log} and so on.
   */
  public ManagedProcess startAgentFleet(List<String> names, String... extraArgs) {
    return startFleetJvm(names, agentHubArgs(), extraArgs);
  }

  /**
   * Starts a fleet JVM whose agents reach Temporal straight, as before the front door, holding the
   * payload keys of a secure fleet: the baseline of the front door's benchmark.
   */
  public ManagedProcess startDirectAgentFleet(List<String> names, String... extraArgs) {
    List<String> direct = new ArrayList<>(List.of("--direct"));
    if (secure) {
      direct.addAll(List.of("--payload-keys", pki().resolve("payload-keys").toString()));
    }
    return startFleetJvm(names, direct, extraArgs);
  }

  private ManagedProcess startFleetJvm(
      List<String> names, List<String> hubArgs, String... extraArgs) {
    List<String> command = new ArrayList<>(AppJars.java("agent-fleet", "3g", List.of()));
    command.addAll(List.of("--fleet", String.join(",", names), "--simulate"));
    command.addAll(List.of("--state-dir", dir.resolve("fleet-state").toString()));
    command.addAll(hubArgs);
    command.addAll(List.of(extraArgs));
    agentFleets++;
    return process(agentFleets == 1 ? "agent-fleet" : "agent-fleet-" + agentFleets, command);
  }

  /** The kubeconfig the agent of a cluster wrote into the given state directory. */
  public Kubectl clusterKubectl(String cluster, String stateName) {
    return new Kubectl(clusterKubeconfig(cluster, stateName));
  }

  /**
   * The kubeconfig file the agent of a simulated cluster wrote into the given state directory; it
   * changes when the agent (and with it the cluster) starts again.
   */
  public Path clusterKubeconfig(String cluster, String stateName) {
    return dir.resolve(stateName).resolve("clusters").resolve(cluster + ".kubeconfig");
  }

  /**
   * Stops the Temporal dev server this fleet started and starts it again on the same port and
   * database file, as an operator restarting it would; returns once it is ready.
   */
  public void restartTemporal() {
    if (temporal == null) {
      throw new IllegalStateException("this fleet uses an external Temporal server");
    }
    long before = temporal.linesContaining("Temporal dev server ready");
    temporal.close();
    temporal.start();
    await("Temporal dev server ready again")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> temporal.linesContaining("Temporal dev server ready") > before);
  }

  /**
   * The Temporal dev server's start script, whose child the server is, for benchmarks that read its
   * CPU; null when the fleet uses an external server ({@code TEMPORAL_ADDRESS}).
   */
  public ManagedProcess temporalProcess() {
    return temporal;
  }

  /** The fleet's gateway process, for benchmarks that read its CPU and memory. */
  public ManagedProcess gateway() {
    return gateway;
  }

  /** The admin's bearer token. */
  public String adminToken() {
    return tokens.get("admin");
  }

  /** The gateway's port. */
  public int gatewayPort() {
    return gatewayPort;
  }

  /** What the fleet's gateway has logged so far. */
  public String gatewayLog() {
    try {
      return Files.readString(gateway.log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The hub worker's process, for crash tests. */
  public ManagedProcess hub() {
    return hub;
  }

  /** kubectl with the admin's kubeconfig of the gateway. */
  public Kubectl kubectl() {
    return new Kubectl(dir.resolve("kubeconfig"));
  }

  /** kubectl with the kubeconfig the agent wrote for a simulated cluster. */
  public Kubectl clusterKubectl(String cluster) {
    return new Kubectl(dir.resolve("state/clusters").resolve(cluster + ".kubeconfig"));
  }

  /**
   * A fabric8 client of a simulated cluster's own API server, from the kubeconfig its agent wrote
   * into the given state directory ({@code state} for the fleet started with the system).
   */
  public KubernetesClient clusterClient(String cluster, String stateName) {
    try {
      String kubeconfig =
          Files.readString(
              dir.resolve(stateName).resolve("clusters").resolve(cluster + ".kubeconfig"));
      return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fabric8 client of the gateway as an admin or a viewer. */
  public KubernetesClient gatewayClient(boolean admin) {
    return gatewayClient(admin ? "admin" : "viewer");
  }

  /**
   * A fabric8 client of the gateway with the token of a role: admin, operator, approver, viewer.
   */
  public KubernetesClient gatewayClient(String role) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("https://127.0.0.1:" + gatewayPort)
            .withCaCertFile(dir.resolve("gateway.crt").toString())
            .withOauthToken(tokens.get(role))
            .withRequestTimeout(60_000)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The issuer of the JWTs {@code ./fleetflow token} signs, which the fleet's gateway trusts. */
  public static final String JWT_ISSUER = "https://127.0.0.1/fleetflow-local-issuer";

  /**
   * A JWT of the fleet's local issuer, made by {@code ./fleetflow token} as a user of {@code up}
   * makes one, valid for {@code ttlSeconds} (negative: expired that long ago), or signed with
   * another key when {@code key} is given.
   */
  public String jwt(String user, String groups, long ttlSeconds, Path key) {
    Kubectl.Result made =
        runToEnd(
            new ProcessBuilder(
                    REPO.resolve("fleetflow").toString(),
                    "token",
                    "--user",
                    user,
                    "--groups",
                    groups,
                    "--ttl",
                    Long.toString(ttlSeconds),
                    "--key",
                    (key == null ? dir.resolve("issuer.key") : key).toString())
                .redirectErrorStream(false));
    return made.ok().trim();
  }

  /** A kubeconfig of the gateway with this bearer token. */
  public Path kubeconfigWithToken(String name, String token) {
    Path file = dir.resolve("kubeconfig-" + name);
    try {
      writeKubeconfig(file, name, token);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes an RSA signing key (PKCS#8 PEM) at {@code file}, as the local issuer's. */
  public static void newSigningKey(Path file) {
    try {
      run(
          "openssl",
          "genpkey",
          "-algorithm",
          "RSA",
          "-pkeyopt",
          "rsa_keygen_bits:2048",
          "-out",
          file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs the launcher ({@code ./fleetflow ARGS}) against this fleet's gateway with the token of a
   * role, as a person at a terminal would.
   */
  public Kubectl.Result launcher(String role, String... args) {
    List<String> command = new ArrayList<>();
    command.add(REPO.resolve("fleetflow").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("FLEETFLOW_GATEWAY", "https://127.0.0.1:" + gatewayPort);
    builder.environment().put("FLEETFLOW_TOKEN", tokens.get(role));
    builder.environment().put("FLEETFLOW_CACERT", dir.resolve("gateway.crt").toString());
    return runToEnd(builder);
  }

  /**
   * Runs {@code kubectl fleetflow ARGS}: the real kubectl finds the CLI the build wrote as a plugin
   * on the PATH, and the CLI connects with the admin's kubeconfig (KUBECONFIG), as a user who put
   * {@code cli/target/bin} on their PATH would.
   */
  public Kubectl.Result kubectlPlugin(String... args) {
    return runToEnd(kubectlPluginProcess(args).redirectErrorStream(true));
  }

  /** The process of {@code kubectl fleetflow ARGS}, for commands that run on (a watch). */
  public ProcessBuilder kubectlPluginProcess(String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl", "fleetflow"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    // Only the kubeconfig says where to connect, as for any kubectl plugin.
    environment.keySet().removeIf(name -> name.startsWith("FLEETFLOW_"));
    environment.put("KUBECONFIG", dir.resolve("kubeconfig").toString());
    environment.put(
        "PATH",
        REPO.resolve("cli/target/bin") + java.io.File.pathSeparator + environment.get("PATH"));
    return builder;
  }

  /** Runs a command to its end and returns its exit code and output. */
  private static Kubectl.Result runToEnd(ProcessBuilder builder) {
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes());
      return new Kubectl.Result(process.waitFor(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A Temporal client of the hub's server, to look at what the Temporal UI would show. */
  public WorkflowClient temporal() {
    if (temporalService == null) {
      temporalService =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress).build());
    }
    if (!secure) {
      return WorkflowClient.newInstance(temporalService);
    }
    // A secure fleet's payloads are encrypted; the test reads them as the hub does.
    return WorkflowClient.newInstance(
        temporalService,
        io.temporal.client.WorkflowClientOptions.newBuilder()
            .setDataConverter(
                io.fleetflow.security.codec.PayloadEncryption.dataConverter(
                    io.fleetflow.security.codec.PayloadKeyRing.read(pki().resolve("payload-keys"))))
            .build());
  }

  /** The address of this fleet's Temporal server. */
  public String temporalAddress() {
    return temporalAddress;
  }

  private ManagedProcess process(String name, List<String> command) {
    return process(name, command, Map.of());
  }

  private ManagedProcess process(
      String name, List<String> command, Map<String, String> extraEnvironment) {
    // The dev server script reads TEMPORAL_ADDRESS as "use that server instead", so only the
    // Fleetflow processes get it.
    Map<String, String> environment = new java.util.HashMap<>(extraEnvironment);
    if (!name.equals("temporal")) {
      environment.put("TEMPORAL_ADDRESS", temporalAddress);
    }
    ManagedProcess p = new ManagedProcess(name, command, environment, dir.resolve(name + ".log"));
    processes.add(p);
    return p.start();
  }

  private List<String> javaJar(String module, String... args) {
    List<String> command = new ArrayList<>(AppJars.java(module, "512m", List.of()));
    command.addAll(List.of(args));
    return command;
  }

  private void writeKubeconfig() throws IOException {
    writeKubeconfig(dir.resolve("kubeconfig"), "admin");
  }

  /**
   * A kubeconfig of the gateway with the token of a role (admin, operator, approver, viewer) or a
   * tenant (alice, bob), for clients that read one, such as clusteradm.
   */
  public Path kubeconfig(String role) {
    Path file = dir.resolve("kubeconfig-" + role);
    try {
      if (!Files.exists(file)) {
        writeKubeconfig(file, role);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeKubeconfig(Path file, String role) throws IOException {
    writeKubeconfig(file, role, tokens.get(role));
  }

  private void writeKubeconfig(Path file, String user, String token) throws IOException {
    String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("gateway.crt")));
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: fleetflow
          cluster:
            server: https://127.0.0.1:%d
            certificate-authority-data: %s
        users:
        - name: %s
          user:
            token: %s
        contexts:
        - name: fleetflow
          context:
            cluster: fleetflow
            user: %s
        current-context: fleetflow
        """
            .formatted(gatewayPort, ca, user, token, user));
  }

  /** Runs a command to its end, failing with its output when it fails. */
  static void run(String... command) throws IOException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * The next port below the kernel's ephemeral range (32768 and up) that is free now. A port the
   * kernel hands out for {@code new ServerSocket(0)} comes from the range it also gives outgoing
   * connections, so another process's connection to Temporal could take it before the gateway binds
   * it ("Port already in use"); ports below the range are only ever taken by a bind. One counter
   * per JVM, started at a random place, keeps concurrent fleets of this JVM apart.
   */
  private static int freePort() {
    for (int tries = 0; tries < PORTS_SPAN; tries++) {
      int port = PORTS_FROM + Math.floorMod(NEXT_PORT.getAndIncrement(), PORTS_SPAN);
      try (ServerSocket socket = new ServerSocket(port)) {
        socket.setReuseAddress(true);
        return port;
      } catch (IOException taken) {
        // Taken by another process: try the next one.
      }
    }
    throw new IllegalStateException(
        "no free port in " + PORTS_FROM + ".." + (PORTS_FROM + PORTS_SPAN));
  }

  private static final int PORTS_FROM = 20_000;
  private static final int PORTS_SPAN = 12_000;
  private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT =
      new java.util.concurrent.atomic.AtomicInteger(
          ThreadLocalRandom.current().nextInt(PORTS_SPAN));

  private static String token() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Starts a simulated cluster inside the test's JVM, so that it outlives any agent the test kills,
   * and returns the kubeconfig an agent started with {@link #startAgentOn} uses to reach it. The
   * cluster stops with the fleet.
   */
  public HostedCluster hostCluster(String name) {
    SimulatedCluster cluster = SimulatedCluster.start(name);
    hostedClusters.add(cluster);
    return new HostedCluster(cluster, cluster.writeKubeconfig(dir().resolve("external-clusters")));
  }

  /** A simulated cluster hosted by the test, and the kubeconfig that reaches it. */
  public record HostedCluster(SimulatedCluster cluster, Path kubeconfig) {}

  /**
   * Stops every process, then the clusters the test hosted. Hub, gateway and agents shut down side
   * by side (each may take seconds to drain its Temporal pollers), the dev server after them, so
   * that none of them spends its shutdown retrying a server that is gone.
   */
  @Override
  public void close() {
    if (temporalService != null) {
      temporalService.shutdown();
    }
    List<ManagedProcess> fleetflow = processes.stream().filter(p -> p != temporal).toList();
    fleetflow.forEach(ManagedProcess::terminate);
    fleetflow.forEach(ManagedProcess::close);
    if (temporal != null) {
      temporal.close();
    }
    hostedClusters.forEach(SimulatedCluster::close);
  }
}
