package io.fleetflow.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.client.cache.EntityCache;
import io.fleetflow.client.cache.Subscription;
import io.fleetflow.gateway.auth.AuthFilter;
import io.fleetflow.gateway.auth.Principal;
import io.fleetflow.gateway.auth.RbacWrites;
import io.fleetflow.gateway.auth.RequestAuthorizer;
import io.fleetflow.gateway.cache.GatewayFeed;
import io.fleetflow.gateway.entity.EntityService;
import io.fleetflow.model.authz.Access;
import io.fleetflow.model.authz.AuthorizationPolicy;
import io.fleetflow.model.feed.FeedPosition;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.model.patch.PatchException;
import io.fleetflow.model.patch.PatchType;
import io.fleetflow.model.registry.Kinds;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.work.WorkKinds;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The Kubernetes-style REST API of every kind in {@link Kinds#ALL}, on the paths a Kubernetes API
 * server uses. It reads and checks requests and leaves storage to {@link EntityService}.
 */
@RestController
public class ResourceController {
  private static final String CLUSTER_SCOPED = "/apis/{group}/{version}/{plural}";
  private static final String NAMESPACED =
      "/apis/{group}/{version}/namespaces/{namespace}/{plural}";
  private static final String ONE_CLUSTER_SCOPED = CLUSTER_SCOPED + "/{name}";
  private static final String ONE_NAMESPACED = NAMESPACED + "/{name}";

  /** How often a patch at a converted version is tried when the object changes meanwhile. */
  private static final int PATCH_ATTEMPTS = 5;

  private final EntityService entities;
  private final ListSnapshots snapshots;
  private final ObjectReader reader;
  private final ObjectMapper json;
  private final ItemWriter writer;
  private final RequestAuthorizer authorizer;
  private final RbacWrites rbac;
  private final EntityCache cache;
  private final WatchEvents watchEvents;

  public ResourceController(
      EntityService entities,
      ListSnapshots snapshots,
      ObjectReader reader,
      ObjectMapper json,
      ItemWriter writer,
      RequestAuthorizer authorizer,
      RbacWrites rbac,
      GatewayFeed feed) {
    this.cache = feed.cache();
    this.watchEvents = new WatchEvents(json);
    this.authorizer = authorizer;
    this.rbac = rbac;
    this.entities = entities;
    this.snapshots = snapshots;
    this.reader = reader;
    this.json = json;
    this.writer = writer;
  }

  @GetMapping({CLUSTER_SCOPED, NAMESPACED})
  public ResponseEntity<?> list(
      ResourcePath path,
      @RequestParam(required = false) String labelSelector,
      @RequestParam(required = false) String fieldSelector,
      @RequestHeader(value = "Accept", required = false) String accept,
      HttpServletRequest request) {
    ResourceKind<HasMetadata> kind = path.kind();
    requireRead(request, path, "list");
    Predicate<HasMetadata> selected = Selector.parse(labelSelector, fieldSelector);
    List<HasMetadata> items;
    String resourceVersion;
    if (cached(path)) {
      EntityCache.Snapshot snapshot = cache.list(kind, path.namespace());
      items = snapshot.items().stream().filter(selected).toList();
      resourceVersion = Long.toString(snapshot.position());
    } else {
      // Until the cache has listed once (or for a derived kind), the list is read from Temporal.
      items = select(path, selected);
      resourceVersion = snapshots.remember(items);
    }
    if (Tables.wanted(accept)) {
      return isolated(Tables.of(kind, items, Instant.now()), "rows");
    }
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("kind", kind.kind() + "List");
    list.put("apiVersion", path.apiVersion());
    list.put("metadata", Map.of("resourceVersion", resourceVersion));
    list.put("items", items.stream().map(o -> path.served(o, json)).toList());
    return isolated(list, "items");
  }

  /**
   * Answers a list or table whose elements under {@code field} are written one by one ({@link
   * ItemWriter}), so one bad object cannot break everyone's reads; each left out is a Warning.
   */
  private ResponseEntity<?> isolated(Map<String, Object> body, String field) {
    ItemWriter.Written written = writer.writeEach((List<?>) body.get(field));
    body.put(field, written.items());
    return respond(HttpStatus.OK, written.warnings(), body);
  }

  @GetMapping(
      value = {CLUSTER_SCOPED, NAMESPACED},
      params = {"watch"})
  public ResponseEntity<StreamingResponseBody> watch(
      ResourcePath path,
      @RequestParam(required = false) String labelSelector,
      @RequestParam(required = false) String fieldSelector,
      @RequestParam String watch,
      @RequestParam(required = false) String resourceVersion,
      @RequestParam(required = false) String timeoutSeconds,
      @RequestParam(required = false) String allowWatchBookmarks,
      @RequestParam(required = false) String sendInitialEvents,
      @RequestHeader(value = "Accept", required = false) String accept,
      @RequestHeader(value = "Upgrade", required = false) String upgrade,
      HttpServletRequest request) {
    if (!"true".equals(watch) && !"1".equals(watch)) {
      throw ApiException.badRequest("watch must be true or 1, got " + watch);
    }
    requireRead(request, path, "watch");
    if ("websocket".equalsIgnoreCase(upgrade)) {
      // fabric8 asks for a WebSocket first and falls back to an HTTP stream when the handshake is
      // answered with 503; answering it with the (endless) stream instead leaves it waiting.
      throw ApiException.webSocketRefused();
    }
    Duration timeout = WatchTimeouts.parse(timeoutSeconds);
    Predicate<HasMetadata> selected = Selector.parse(labelSelector, fieldSelector);
    boolean table = Tables.wanted(accept);
    if (cached(path)) {
      return watchCache(
          path,
          selected,
          Selector.name(fieldSelector),
          table,
          timeout,
          resourceVersion,
          "true".equals(allowWatchBookmarks),
          "true".equals(sendInitialEvents));
    }
    WatchStream stream =
        new WatchStream(
            () -> select(path, selected),
            o -> table ? Tables.of(path.kind(), List.of(o), Instant.now()) : path.served(o, json),
            snapshots
                .recall(resourceVersion)
                .map(known -> known.stream().filter(selected).toList()),
            timeout,
            json,
            "true".equals(allowWatchBookmarks) && !table
                ? new WatchStream.Bookmarks(
                    snapshots::remember,
                    path.apiVersion(),
                    path.kind().kind(),
                    WatchStream.BOOKMARK_EVERY)
                : null);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(stream);
  }

  /**
   * A watch served from the cache: from the list's (or a bookmark's) resourceVersion it replays
   * exactly the changes after it, as it does for a watch of one named object from that object's own
   * resourceVersion, from none (or 0, or with {@code sendInitialEvents}) it starts with the objects
   * as ADDED; one from before the cache's window gets Kubernetes' 410 Expired as an ERROR event,
   * and the client lists again.
   */
  private ResponseEntity<StreamingResponseBody> watchCache(
      ResourcePath path,
      Predicate<HasMetadata> selected,
      Optional<String> name,
      boolean table,
      Duration timeout,
      String resourceVersion,
      boolean allowBookmarks,
      boolean sendInitialEvents) {
    Long from = sendInitialEvents ? null : WatchPositions.parse(resourceVersion);
    ResourceKind<HasMetadata> kind = path.kind();
    if (from != null && from < FeedPosition.RUN_SPAN && name.isPresent()) {
      // A watch of one object from the resourceVersion of its get, as kubectl, fabric8 and
      // client-go send it: it continues from where the feed gave the object that version.
      Optional<Long> at = cache.positionOf(kind, path.namespace(), name.get(), resourceVersion);
      if (at.isPresent()) {
        from = at.get();
      }
    }
    Subscription subscription;
    try {
      subscription = cache.subscribe(kind, from, WatchPositions.QUEUE);
    } catch (EntityCache.Expired e) {
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .body(WatchPositions.expired(e.getMessage(), json));
    }
    FeedWatchStream stream =
        new FeedWatchStream(
            subscription,
            new FeedWatchStream.Scope(kind.kind(), path.namespace(), selected),
            o -> table ? Tables.of(kind, List.of(o), Instant.now()) : path.served(o, json),
            watchEvents,
            table ? null : path.apiVersion(),
            timeout,
            json,
            new WatchStream.Bookmarks(
                null, path.apiVersion(), kind.kind(), WatchStream.BOOKMARK_EVERY),
            allowBookmarks && !table,
            sendInitialEvents && allowBookmarks);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(stream);
  }

  /** Whether reads of the path's kind come from the cache: it holds the kind and has listed. */
  private boolean cached(ResourcePath path) {
    return cache.holds(path.kind()) && cache.synced();
  }

  @GetMapping({ONE_CLUSTER_SCOPED, ONE_NAMESPACED})
  public ResponseEntity<?> get(
      ResourcePath path,
      @RequestHeader(value = "Accept", required = false) String accept,
      HttpServletRequest request) {
    requireRead(request, path, "get");
    HasMetadata object =
        cached(path)
            ? cache
                .get(path.kind(), path.namespace(), path.name())
                .orElseGet(() -> readThrough(path))
            : readThroughOrHeld(path);
    return Tables.wanted(accept)
        ? ResponseEntity.ok(writer.writeOne(Tables.of(path.kind(), List.of(object), Instant.now())))
        : ResponseEntity.ok(writer.writeOne(path.served(object, json)));
  }

  @PostMapping({CLUSTER_SCOPED, NAMESPACED})
  public ResponseEntity<?> create(ResourcePath path, Change change) {
    mayWrite(change, path, "create");
    path.requireWritable("create");
    HasMetadata object = read(path, change.requireBody(), change);
    if (!cached(path)) {
      // Bad input is refused before the replica sets are asked whether one holds the name.
      entities.validateCreate(path.kind(), object);
    }
    requireNotHeld(path, path.namespace(), object.getMetadata().getName());
    Actor actor = authorize(path, null, object, change, "create");
    return respond(
        HttpStatus.CREATED,
        change,
        path.served(
            written(path, rbac.written(entities.create(path.kind(), object, actor))), json));
  }

  @PutMapping({ONE_CLUSTER_SCOPED, ONE_NAMESPACED})
  public ResponseEntity<?> replace(ResourcePath path, Change change) {
    mayWrite(change, path, "update");
    path.requireWritable("update");
    requireNotHeld(path, path.namespace(), path.name());
    HasMetadata proposed = read(path, change.requireBody(), change);
    HasMetadata current = entities.get(path.kind(), path.namespace(), path.name());
    Actor actor = authorize(path, current, proposed, change, "update");
    return respond(
        HttpStatus.OK,
        change,
        path.served(
            written(path, rbac.written(entities.replace(path.kind(), current, proposed, actor))),
            json));
  }

  @PatchMapping({ONE_CLUSTER_SCOPED, ONE_NAMESPACED})
  public ResponseEntity<?> patch(ResourcePath path, Change change) {
    mayWrite(change, path, "patch");
    path.requireWritable("patch");
    requireNotHeld(path, path.namespace(), path.name());
    Patch patch = patchOf(change);
    HasMetadata current;
    try {
      current = entities.get(path.kind(), path.namespace(), path.name());
    } catch (ApiException e) {
      if (e.code() == 404 && patch.type() == PatchType.APPLY) {
        // Server-side apply of an object that does not exist yet creates it.
        HasMetadata created = read(path, patch.document(), change);
        Actor actor = authorize(path, null, created, change, "create");
        return respond(
            HttpStatus.CREATED,
            change,
            path.served(
                written(path, rbac.written(entities.create(path.kind(), created, actor))), json));
      }
      throw e;
    }
    if (path.conversion() != null) {
      return patchConverted(path, patch, current, change);
    }
    // The patch is judged here on the object as it was read, so bad input and missing rights are
    // answered at once with the gateway's full messages; then the patch itself (not the merged
    // object) goes to the entity, which applies it to the object as it is then and judges it
    // again, so concurrent patches never overwrite each other.
    HasMetadata proposed = read(path, applied(patch, reader.tree(current)), change);
    Actor actor = authorize(path, current, proposed, change, "patch");
    entities.check(path.kind(), current, proposed);
    return respond(
        HttpStatus.OK,
        change,
        written(
            path,
            rbac.written(
                entities.patch(path.kind(), path.namespace(), path.name(), patch, actor))));
  }

  /**
   * Patches an object at a version the kind converts to: the patch is applied here to the object as
   * that version shows it, and the result replaces the object as it was read, so a concurrent
   * change is never overwritten; on such a conflict the object is read and patched again, as a
   * Kubernetes API server retries its patches.
   */
  private ResponseEntity<?> patchConverted(
      ResourcePath path, Patch patch, HasMetadata current, Change change) {
    for (int attempt = 1; ; attempt++) {
      JsonNode served = json.valueToTree(path.served(current, json));
      HasMetadata proposed = read(path, applied(patch, served), change);
      Actor actor = authorize(path, current, proposed, change, "patch");
      entities.check(path.kind(), current, proposed);
      try {
        return respond(
            HttpStatus.OK,
            change,
            path.served(
                written(
                    path, rbac.written(entities.replace(path.kind(), current, proposed, actor))),
                json));
      } catch (ApiException e) {
        if (e.code() != 409 || attempt == PATCH_ATTEMPTS) {
          throw e;
        }
        current = entities.get(path.kind(), path.namespace(), path.name());
      }
    }
  }

  /**
   * The request's patch, by its content type (which {@link MediaTypes} made sure is a patch type);
   * strategic merge and apply mean merge here.
   */
  private static Patch patchOf(Change change) {
    PatchType type =
        PatchType.ofContentType(change.contentType())
            .orElseThrow(() -> ApiException.unsupportedMediaType("a PATCH needs a patch type"));
    Patch patch = new Patch(type, change.requireBody());
    try {
      patch.check();
    } catch (PatchException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    return patch;
  }

  /** Applies a patch; one that cannot apply is a 400 (malformed) or a 422 (does not fit). */
  private static JsonNode applied(Patch patch, JsonNode current) {
    try {
      return patch.applyTo(current);
    } catch (PatchException e) {
      throw e.malformed()
          ? ApiException.badRequest(e.getMessage())
          : new ApiException(422, "Invalid", e.getMessage(), null, null);
    }
  }

  @DeleteMapping({ONE_CLUSTER_SCOPED, ONE_NAMESPACED})
  public ResponseEntity<?> delete(ResourcePath path, Change change) {
    mayWrite(change, path, "delete");
    path.requireWritable("delete");
    requireNotHeld(path, path.namespace(), path.name());
    Actor actor =
        authorizer.authorize(
            change.actor(),
            path.kind(),
            path.namespace(),
            path.name(),
            AuthorizationPolicy.toDelete(path.kind(), path.namespace(), path.name()),
            "delete");
    HasMetadata deleted = entities.delete(path.kind(), path.namespace(), path.name(), actor);
    rbac.deleted(deleted);
    // A delete that finished at once is gone for the next read; one that waits keeps the object.
    cache.written(path.kind(), deleted, false);
    return ResponseEntity.ok(path.served(deleted, json));
  }

  /**
   * Lets a change through when RBAC allows the caller every change in it, by the one {@link
   * AuthorizationPolicy} (decisions such as accepting a cluster need their own permission, other
   * changes the request's verb, and a request that does both needs both), and, for an RBAC object,
   * when the caller holds what it grants ({@link RbacWrites}). Returns the caller vouched for the
   * object's workflow.
   */
  private Actor authorize(
      ResourcePath path, HasMetadata current, HasMetadata proposed, Change change, String verb) {
    ResourceKind<HasMetadata> kind = path.kind();
    Actor actor =
        authorizer.authorize(
            change.actor(),
            kind,
            proposed.getMetadata().getNamespace(),
            proposed.getMetadata().getName(),
            current == null
                ? AuthorizationPolicy.toCreate(kind, proposed)
                : AuthorizationPolicy.toReplace(kind, current, proposed),
            verb);
    rbac.check(proposed, change.actor(), change.warnings());
    return actor;
  }

  /**
   * Refuses, before the body is read, a write by a caller who may not make it in any way: the
   * request's verb on the object, or (for an update or patch) one of the kind's decisions, which is
   * how an approver who may not update a ManagedCluster may still accept it. What the write changes
   * is judged once it is read ({@link #authorize}).
   */
  private void mayWrite(Change change, ResourcePath path, String verb) {
    List<Access> any =
        AuthorizationPolicy.waysToWrite(path.kind(), verb, path.namespace(), path.name());
    authorizer.requireAny(change.actor().user(), change.actor().groups(), any);
  }

  /**
   * Refuses a write to a ManifestWork that a replica set holds itself, with 409 naming the replica
   * set: the work has no workflow of its own to take the write, and the replica set decides what it
   * carries, as OCM's controller overwrites a generated work. Judged on the watch cache, the only
   * place that lists held works.
   */
  private void requireNotHeld(ResourcePath path, String namespace, String name) {
    if (!WorkKinds.MANIFEST_WORK.equals(path.kind()) || name == null) {
      return;
    }
    (cached(path) ? cache.get(path.kind(), namespace, name) : held(namespace, name))
        .map(work -> work.getMetadata().getAnnotations())
        .map(annotations -> annotations.get(ManifestWorkReplicaSet.HELD_BY_ANNOTATION))
        .ifPresent(
            holder -> {
              String replicaSet = holder.substring(holder.indexOf('/') + 1);
              throw new ApiException(
                  409,
                  "Conflict",
                  "ManifestWork \""
                      + name
                      + "\" in namespace "
                      + namespace
                      + " is held by ManifestWorkReplicaSet "
                      + replicaSet
                      + ": change its manifestWorkTemplate or placements, or delete it, instead",
                  null,
                  null);
            });
  }

  /** Refuses a read the caller may not make: {@code get}, {@code list} or {@code watch}. */
  private void requireRead(HttpServletRequest request, ResourcePath path, String verb) {
    Principal caller = (Principal) request.getAttribute(AuthFilter.PRINCIPAL);
    ResourceKind<HasMetadata> kind = path.kind();
    authorizer.require(
        caller.user(),
        caller.groups(),
        Access.resource(verb, kind.group(), kind.plural(), "", path.namespace(), path.name()));
  }

  /** Takes a written object into the cache, so the next read sees it (read your writes). */
  private HasMetadata written(ResourcePath path, HasMetadata object) {
    cache.written(path.kind(), object, false);
    return object;
  }

  /**
   * Reads an object the cache does not hold yet (made through another gateway or by an agent a
   * moment ago) from its workflow, one query, and takes it into the cache so that the lists that
   * follow show it as well.
   */
  private HasMetadata readThrough(ResourcePath path) {
    HasMetadata object = entities.get(path.kind(), path.namespace(), path.name());
    if (cached(path)) {
      cache.read(path.kind(), object);
    }
    return object;
  }

  /**
   * Reads one object from its workflow, before the cache has listed: a work its replica set holds
   * has no workflow of its own, so a 404 for a ManifestWork asks the replica sets.
   */
  private HasMetadata readThroughOrHeld(ResourcePath path) {
    try {
      return readThrough(path);
    } catch (ApiException e) {
      if (e.code() != 404 || !WorkKinds.MANIFEST_WORK.equals(path.kind())) {
        throw e;
      }
      return held(path.namespace(), path.name()).orElseThrow(() -> e);
    }
  }

  private Optional<HasMetadata> held(String namespace, String name) {
    return entities.heldWorks(namespace).stream()
        .filter(work -> work.getMetadata().getName().equals(name))
        .<HasMetadata>map(work -> work)
        .findFirst();
  }

  private List<HasMetadata> select(ResourcePath path, Predicate<HasMetadata> selected) {
    List<HasMetadata> listed = new ArrayList<>(entities.list(path.kind(), path.namespace()));
    if (WorkKinds.MANIFEST_WORK.equals(path.kind())) {
      // Held works have no workflow of their own; kubectl lists them in the same order.
      listed.addAll(entities.heldWorks(path.namespace()));
      listed.sort(
          Comparator.comparing((HasMetadata o) -> o.getMetadata().getNamespace())
              .thenComparing(o -> o.getMetadata().getName()));
    }
    return listed.stream().filter(selected).toList();
  }

  private HasMetadata read(ResourcePath path, JsonNode tree, Change change) {
    HasMetadata object =
        reader.object(path.kind(), path.toStored(tree), change.validation(), change.warnings());
    path.place(object);
    return object;
  }

  private static ResponseEntity<?> respond(HttpStatus status, Change change, Object body) {
    return respond(status, change.warnings(), body);
  }

  private static ResponseEntity<?> respond(HttpStatus status, List<String> warnings, Object body) {
    ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
    for (String warning : warnings) {
      response.header("Warning", "299 - \"" + warning.replace("\"", "'") + "\"");
    }
    return response.body(body);
  }
}
