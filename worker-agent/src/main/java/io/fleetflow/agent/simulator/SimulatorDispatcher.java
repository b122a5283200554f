package io.fleetflow.agent.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;

/**
 * Answers what fabric8's CRUD dispatcher does not (discovery, version and health endpoints) and
 * hands every other request to it.
 */
final class SimulatorDispatcher extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Dispatcher crud;
  private final String gitVersion;

  SimulatorDispatcher(Dispatcher crud, String gitVersion) {
    this.crud = crud;
    this.gitVersion = gitVersion;
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
        return json(body);
      }
    }
    return crud.dispatch(request);
  }

  private Object builtIn(String path) {
    return switch (path) {
      case "/livez", "/healthz", "/readyz" -> "ok";
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
      case "/api" -> Discovery.coreVersions();
      case "/apis" -> Discovery.groupList();
      default -> {
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

  private static MockResponse json(Object body) {
    try {
      return new MockResponse()
          .setResponseCode(200)
          .setHeader("Content-Type", "application/json")
          .setBody(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
