package io.fleetflow.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fleetflow.model.wire.KubernetesProtobuf;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Answers what fabric8's CRUD dispatcher does not (discovery, version and health endpoints) and
 * hands every other request to it.
 */
final class SimulatorDispatcher extends Dispatcher {
  /** Where a simulated cluster serves its write counts, as {@link WriteLog#snapshot()}. */
  static final String WRITES_PATH = "/simulator/writes";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final SimulatorCrud crud;
  private final String gitVersion;
  private final String clusterUid;
  private final ServerSideApply serverSideApply;
  private final StrategicMergePatch strategicMergePatch;
  private final SimulatedControllers controllers;
  private final WriteLog writes = new WriteLog();

  /**
   * @param crud the store: fabric8's CRUD dispatcher with watches that need no thread
   * @param gitVersion the version to report
   * @param clusterUid the UID of kube-system, which identifies a cluster (OCM's id.k8s.io claim);
   *     the mock server numbers UIDs per JVM, so every process's first cluster would otherwise have
   *     the same one
   * @param controllers the simulated controllers, told about every written workload
   */
  SimulatorDispatcher(
      SimulatorCrud crud, String gitVersion, String clusterUid, SimulatedControllers controllers) {
    this.crud = crud;
    this.serverSideApply = new ServerSideApply(crud);
    this.strategicMergePatch = new StrategicMergePatch(crud);
    this.controllers = controllers;
    this.gitVersion = gitVersion;
    this.clusterUid = clusterUid;
  }

  /** How many watches of the store are open. */
  int openWatches() {
    return crud.openWatches();
  }

  /** Ends the store's open watches, as the server stops. */
  @Override
  public void shutdown() {
    crud.shutdown();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    if ("GET".equals(request.getMethod())) {
      Object body = builtIn(bare);
      if (body instanceof String text) {
        return new MockResponse().setResponseCode(200).setBody(text);
      }
      if (body != null) {
        return Responses.json(200, body);
      }
    }
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.startsWith(KubernetesProtobuf.CONTENT_TYPE)) {
      // kubectl create sends built-in kinds as protobuf, and does not fall back to JSON.
      try {
        request = asJson(request, KubernetesProtobuf.decode(request.getBody().readByteArray()));
      } catch (KubernetesProtobuf.Unsupported e) {
        return Responses.status(415, "UnsupportedMediaType", e.getMessage(), null);
      } catch (java.io.IOException e) {
        return Responses.status(
            400, "BadRequest", "unreadable protobuf body: " + e.getMessage(), null);
      }
    }
    MockResponse response;
    if ("GET".equals(request.getMethod())) {
      response = crud.dispatch(request);
    } else {
      // The key is read before the write, which may consume the request's body.
      String written = WriteLog.keyOf(request);
      // Writes go one at a time, as etcd orders them: a server-side apply reads and then writes,
      // and a controller's status write in between would otherwise make it fail as stale.
      synchronized (this) {
        if (ServerSideApply.isApply(request)) {
          response = serverSideApply.apply(request);
        } else if (StrategicMergePatch.isStrategicMergePatch(request)) {
          response = strategicMergePatch.patch(request);
        } else {
          response = crud.dispatch(request);
        }
      }
      writes.record(written, response.code());
      // A write that changed nothing (an apply of what the object already says, as an agent
      // sends on every resync) tells no controller, so a rolled-out workload stays rolled out.
      boolean unchanged = response.header(ServerSideApply.UNCHANGED) != null;
      response.removeHeader(ServerSideApply.UNCHANGED);
      if (!bare.endsWith("/status") && !unchanged) {
        notifyControllers(response);
      }
    }
    if ("GET".equals(request.getMethod()) && bare.equals("/api/v1/namespaces/kube-system")) {
      return withClusterUid(response);
    }
    // fabric8's CRUD answers carry no content type, and a client that asked for protobuf (kubectl
    // for built-in kinds) then decodes the JSON as protobuf: say what the body is.
    if (response.header("Content-Type") == null) {
      response.setHeader("Content-Type", "application/json");
    }
    return response;
  }

  /** The same request with a JSON body, for a body that arrived in protobuf. */
  private static RecordedRequest asJson(RecordedRequest request, Object body) {
    String path = request.getPath();
    return Responses.request(
        io.fabric8.mockwebserver.dsl.HttpMethod.valueOf(request.getMethod()), path, body);
  }

  /** The writes this cluster's API received. */
  WriteLog writes() {
    return writes;
  }

  /** Tells the controllers about a workload that a create, update or patch just wrote. */
  private void notifyControllers(MockResponse response) {
    if (response.code() < 200 || response.code() >= 300 || response.getBody() == null) {
      return;
    }
    try {
      JsonNode object =
          JSON.readTree(new String(response.getBody().getBytes(), StandardCharsets.UTF_8));
      String kind = object.path("kind").asText();
      String plural = kind.toLowerCase(Locale.ROOT) + "s";
      if (SimulatedControllers.controls(plural)) {
        JsonNode meta = object.path("metadata");
        controllers.written(
            plural,
            meta.path("namespace").asText(),
            meta.path("name").asText(),
            meta.path("generation").asLong(0));
      }
    } catch (JsonProcessingException e) {
      // Not an object (a Status, say): nothing for a controller to do.
    }
  }

  private MockResponse withClusterUid(MockResponse response) {
    try {
      var body =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              JSON.readTree(response.getBody().readUtf8());
      ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("metadata"))
          .put("uid", clusterUid);
      return response.setBody(JSON.writeValueAsString(body));
    } catch (JsonProcessingException | RuntimeException e) {
      return response;
    }
  }

  private Object builtIn(String path) {
    return switch (path) {
      case "/livez", "/healthz", "/readyz" -> "ok";
      case "/" -> Map.of("paths", Discovery.rootPaths());
      case "/version" ->
          Map.of(
              "major",
              "1",
              "minor",
              gitVersion.replaceAll("v1\\.(\\d+).*", "$1"),
              "gitVersion",
              gitVersion,
              "platform",
              "linux/amd64");
      // The write counts, so that a test can check from outside the process that hosts the
      // cluster (an agent's fleet JVM) that every change reached the cluster once.
      case WRITES_PATH -> writes.snapshot();
      case "/api" -> Discovery.coreVersions();
      case OpenApiV3.ROOT -> OpenApiV3.document(path);
      case "/apis" -> Discovery.groupList();
      default -> {
        if (path.startsWith(OpenApiV3.ROOT + "/")) {
          yield OpenApiV3.document(path);
        }
        String groupVersion =
            path.startsWith("/api/")
                ? path.substring(5)
                : path.startsWith("/apis/") ? path.substring(6) : null;
        yield groupVersion != null && Discovery.GROUP_VERSIONS.containsKey(groupVersion)
            ? Discovery.resourceList(groupVersion)
            : null;
      }
    };
  }
}
