package io.fleetflow.simulator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * fabric8's CRUD dispatcher with watches of its own. fabric8's watch gives each open watch a
 * single-thread scheduler that sends its events, so every informer an agent keeps cost its
 * simulated cluster a platform thread; with a fleet of a thousand clusters in one JVM that was most
 * of the JVM's threads. Here a watch sends its events from the thread that made the change (the
 * event loop that served the write), which never blocks: a send only queues the frame on the
 * socket. The events are fabric8's: on opening, every matching object as {@code ADDED}; then {@code
 * ADDED}, {@code MODIFIED} or {@code DELETED} as a change enters, stays in or leaves what the watch
 * selects. Like fabric8's, a watch ignores resourceVersion.
 */
final class SimulatorCrud extends KubernetesCrudDispatcher {
  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

  /** Guards the store against a watch that opens while a change is made, so none is lost. */
  private final Object changes = new Object();

  @Override
  public MockResponse handleWatch(String path) {
    AttributeSet selected = attributeExtractor.fromPath(path);
    String name = nameSelected(path);
    if (name != null) {
      selected = selected.add(new Attribute("name", name));
    }
    return new MockResponse().withWebSocketUpgrade(new Watch(selected));
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    synchronized (changes) {
      String oldState = oldAttributes == null ? null : map.get(oldAttributes);
      super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
      if (Objects.equals(oldState, newState) || watches.isEmpty()) {
        return;
      }
      AttributeSet newAttributes = newState == null ? null : keyOf(newState);
      for (Watch watch : watches) {
        boolean wasSelected = oldAttributes != null && watch.selects(oldAttributes);
        boolean isSelected = newAttributes != null && watch.selects(newAttributes);
        if (wasSelected && isSelected) {
          watch.send("MODIFIED", newState);
        } else if (wasSelected) {
          watch.send("DELETED", oldState);
        } else if (isSelected) {
          watch.send("ADDED", newState);
        }
      }
    }
  }

  /** The key the store just filed an object's state under; the store holds that very string. */
  private AttributeSet keyOf(String state) {
    for (Map.Entry<AttributeSet, String> entry : map.entrySet()) {
      if (entry.getValue() == state) {
        return entry.getKey();
      }
    }
    return null;
  }

  /** Ends every open watch, as the simulated cluster stops. */
  @Override
  public void shutdown() {
    for (Watch watch : new ArrayList<>(watches)) {
      watch.close();
    }
    super.shutdown();
  }

  /** How many watches are open, for tests. */
  int openWatches() {
    return watches.size();
  }

  /** The name a watch selects with {@code fieldSelector=metadata.name=...}, or null. */
  static String nameSelected(String path) {
    String query;
    try {
      query = new URI(path).getRawQuery();
    } catch (URISyntaxException e) {
      return null;
    }
    if (query == null) {
      return null;
    }
    for (String parameter : query.split("&")) {
      String decoded = URLDecoder.decode(parameter, StandardCharsets.UTF_8);
      if (decoded.startsWith("fieldSelector=")) {
        for (String selector : decoded.substring("fieldSelector=".length()).split(",")) {
          if (selector.startsWith("metadata.name=")) {
            return selector.substring("metadata.name=".length());
          }
        }
      }
    }
    return null;
  }

  /** One open watch: what it selects and its socket. */
  private final class Watch extends WebSocketListener {
    private final AttributeSet selected;
    private volatile WebSocket socket;

    Watch(AttributeSet selected) {
      this.selected = selected;
    }

    boolean selects(AttributeSet object) {
      return object.matches(selected);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      synchronized (changes) {
        socket = webSocket;
        List<String> present = new ArrayList<>();
        map.forEach(
            (key, state) -> {
              if (selects(key)) {
                present.add(state);
              }
            });
        present.forEach(state -> send("ADDED", state));
        watches.add(this);
      }
    }

    void send(String type, String state) {
      WebSocket open = socket;
      if (open != null) {
        open.send("{\"type\":\"" + type + "\",\"object\":" + state + "}");
      }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      watches.remove(this);
      webSocket.close(code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      watches.remove(this);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
      watches.remove(this);
    }

    void close() {
      watches.remove(this);
      WebSocket open = socket;
      if (open != null) {
        open.close(1000, "the simulated cluster stopped");
      }
    }
  }
}
