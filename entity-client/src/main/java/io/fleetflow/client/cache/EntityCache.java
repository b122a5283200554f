package io.fleetflow.client.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.ObjectVersions;
import io.fleetflow.model.feed.EntityChange;
import io.fleetflow.model.feed.FeedPosition;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.registry.Kinds;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's copy of the stored objects of the kinds it keeps (the gateway keeps every kind, the
 * hub those its placements read), built from one list and then kept by the change feed (a {@link
 * io.fleetflow.client.rbac.FeedFollower} calls {@link #relisted} and {@link #changed}), as a
 * Kubernetes API server's watch cache is kept by etcd's watch. Gets and lists read it with no call
 * to Temporal; watches take their events from it ({@link #watch}), so an open watch costs nothing
 * but its share of the feed.
 *
 * <p>Positions are the feed's ({@link FeedPosition}): a list's resourceVersion is the position the
 * cache stood at, and a watch from such a position replays exactly the changes after it from a
 * window of the latest {@link #WINDOW} changes, or is refused as expired when it lies before the
 * window. Objects keep their own resourceVersion, which their workflows compare on writes. A write
 * made through this gateway is taken in at once ({@link #written}), so the same client reads it
 * back before the feed brings it; its event comes from the feed, in the feed's order.
 *
 * <p>Derived kinds (PlacementDecisions) are not stored, and kinds whose workflows do not publish
 * their changes (CertificateSigningRequests) are not followed: both are read as before, from their
 * workflows.
 */
public final class EntityCache {
  private static final Logger log = LoggerFactory.getLogger(EntityCache.class);

  /** How many of the latest changes a watch can resume within. */
  public static final int WINDOW = 20_000;

  private final Lister lister;
  private final Fetcher fetcher;
  private final ObjectMapper json;
  private final Map<String, ResourceKind<? extends HasMetadata>> kinds = new HashMap<>();
  private final Map<String, TreeMap<String, HasMetadata>> objects = new HashMap<>();

  /** Per kind and key, the uid and resourceVersion of the latest event: a repeat is dropped. */
  private final Map<String, Map<String, Seen>> seen = new HashMap<>();

  /**
   * The uids of the latest deleted objects, so that the answer to a delete, which may come after
   * the feed's DELETED, never brings the object back.
   */
  private final Map<String, Boolean> deletedUids =
      new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > WINDOW;
        }
      };

  private final Deque<CacheEvent> window = new ArrayDeque<>();
  private final int windowSize;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private long floor;
  private long position;
  private boolean synced;

  /**
   * Lists every object of a kind for a relist, naming the objects that did not answer in time
   * rather than failing the list.
   */
  public interface Lister {
    Listed list(ResourceKind<? extends HasMetadata> kind);
  }

  /**
   * What a relist read of one kind.
   *
   * @param objects the objects that answered
   * @param unanswered the keys ({@code namespace/name}, or the name) of those that did not
   */
  public record Listed(List<? extends HasMetadata> objects, List<String> unanswered) {}

  /** Reads one object that travelled through the feed as a key only (larger than 32 KiB). */
  public interface Fetcher {
    Optional<? extends HasMetadata> fetch(
        ResourceKind<? extends HasMetadata> kind, String namespace, String name);
  }

  /**
   * @param lister lists every object of a kind, naming those that did not answer (a relist only)
   * @param fetcher reads one object the feed named without carrying it, or that did not answer a
   *     relist
   */
  public EntityCache(Lister lister, Fetcher fetcher, ObjectMapper json) {
    this(lister, fetcher, json, kind -> true, WINDOW);
  }

  /**
   * A cache of the kinds {@code kept} accepts, among those that can be cached.
   *
   * @param lister lists every object of a kind, naming those that did not answer (a relist only)
   * @param fetcher reads one object the feed named without carrying it, or that did not answer a
   *     relist
   * @param kept the kinds to keep; changes of other kinds only move the cache's position
   * @param window how many of the latest changes to keep for watches to resume within; 0 for a
   *     cache that serves no watches (each change then only replaces its object)
   */
  public EntityCache(
      Lister lister,
      Fetcher fetcher,
      ObjectMapper json,
      Predicate<ResourceKind<? extends HasMetadata>> kept,
      int window) {
    this.windowSize = window;
    this.lister = lister;
    this.fetcher = fetcher;
    this.json = json;
    for (ResourceKind<? extends HasMetadata> kind : Kinds.ALL) {
      if (!kind.derived() && kind.publishesChanges() && kept.test(kind)) {
        kinds.put(kind.kind(), kind);
        objects.put(kind.kind(), new TreeMap<>());
        seen.put(kind.kind(), new HashMap<>());
      }
    }
  }

  /** How long a relist first waits for the objects of one kind to answer. */
  static final java.time.Duration LIST_PATIENCE = java.time.Duration.ofSeconds(10);

  /**
   * How many more times a relist asks the objects that did not answer, each time waiting twice as
   * long (some two and a half minutes in all): a hub busy with a large rollout answers thousands of
   * reads slowly, and an object left out of the cache is missing from every list.
   */
  static final int LIST_ROUNDS = 3;

  /**
   * A cache that lists and fetches through the entity client. An object that does not answer its
   * relist in time keeps the copy the cache held, if any, and is read again in the background until
   * it answers, so one stuck workflow never keeps every list on the slow path.
   */
  public static EntityCache over(EntityClient entities, ObjectMapper json) {
    return over(entities, json, kind -> true, WINDOW);
  }

  /**
   * A cache of the kinds {@code kept} accepts, with a window of {@code window} changes, that lists
   * and fetches through the entity client.
   */
  public static EntityCache over(
      EntityClient entities,
      ObjectMapper json,
      Predicate<ResourceKind<? extends HasMetadata>> kept,
      int window) {
    return new EntityCache(
        kind -> {
          List<String> unanswered = new ArrayList<>();
          List<HasMetadata> listed =
              new ArrayList<>(entities.listAnswering(kind, LIST_PATIENCE, unanswered));
          java.time.Duration patience = LIST_PATIENCE;
          for (int round = 1; round <= LIST_ROUNDS && !unanswered.isEmpty(); round++) {
            patience = patience.multipliedBy(2);
            List<String> again = List.copyOf(unanswered);
            unanswered.clear();
            log.info(
                "{} {} did not answer the watch cache's list yet: asking again for {}",
                again.size(),
                kind.plural(),
                patience);
            listed.addAll(entities.readAnswering(kind, again, patience, unanswered));
          }
          // A workflow ID is Kind/namespace/name or Kind/name; the cache's key is the rest.
          return new Listed(
              listed, unanswered.stream().map(id -> id.substring(id.indexOf('/') + 1)).toList());
        },
        (kind, namespace, name) -> entities.entity(kind, namespace, name).find(),
        json,
        kept,
        window);
  }

  /** Whether the cache holds every object: it has listed once and follows the feed. */
  public synchronized boolean synced() {
    return synced;
  }

  /** Whether the cache holds objects of the kind (derived kinds are never cached). */
  public boolean holds(ResourceKind<?> kind) {
    return kinds.containsKey(kind.kind()) && kinds.get(kind.kind()).equals(kind);
  }

  /** The position the cache stands at: every change up to it is in. */
  public synchronized long position() {
    return position;
  }

  /**
   * Replaces everything with a fresh list, taken after the feed stood at {@code at}. Open watches
   * end (their clients list again and resume from the new state), and the window starts anew.
   */
  public void relisted(FeedPosition at) {
    Map<String, TreeMap<String, HasMetadata>> listed = new HashMap<>();
    Map<String, List<String>> unanswered = new HashMap<>();
    for (ResourceKind<? extends HasMetadata> kind : kinds.values()) {
      TreeMap<String, HasMetadata> byKey = new TreeMap<>();
      Listed read = lister.list(kind);
      for (HasMetadata object : read.objects()) {
        byKey.put(key(object), object);
      }
      listed.put(kind.kind(), byKey);
      unanswered.put(kind.kind(), read.unanswered());
    }
    synchronized (this) {
      unanswered.forEach(
          (kind, keys) -> {
            for (String key : keys) {
              HasMetadata held = objects.get(kind).get(key);
              if (held != null) {
                // Kept as it was: its changes since replay over it from the feed.
                listed.get(kind).put(key, held);
              } else {
                late.computeIfAbsent(kind, k -> new java.util.TreeSet<>()).add(key);
              }
            }
          });
      objects.putAll(listed);
      listed.forEach(
          (kind, byKey) -> {
            Map<String, Seen> versions = new HashMap<>();
            byKey.forEach((key, object) -> versions.put(key, Seen.of(object)));
            seen.put(kind, versions);
          });
      window.clear();
      floor = at.encoded();
      position = at.encoded();
      synced = true;
      notifyAll();
    }
    subscribers.forEach(Subscriber::reset);
    log.info("the watch cache listed every kind at feed position {}", at);
    readLateOnesSoon();
  }

  /** How long before the objects that did not answer a relist are read again. */
  static final java.time.Duration LATE_READ_EVERY = java.time.Duration.ofSeconds(30);

  /** Per kind, the keys of objects that answered no relist yet and were not in the cache. */
  private final Map<String, java.util.Set<String>> late = new HashMap<>();

  private java.util.concurrent.ScheduledExecutorService lateReader;

  private synchronized void readLateOnesSoon() {
    if (late.isEmpty() || lateReader != null) {
      return;
    }
    late.forEach(
        (kind, keys) ->
            log.warn(
                "{} {} answered no read of the watch cache's list: read again every {} until"
                    + " they do",
                keys.size(),
                kinds.get(kind).plural(),
                LATE_READ_EVERY));
    lateReader =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("watch-cache-late-reads").factory());
    lateReader.scheduleWithFixedDelay(
        this::readLateOnes,
        LATE_READ_EVERY.toMillis(),
        LATE_READ_EVERY.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /**
   * Reads again each object that answered no relist. One that answers is taken in as a write is
   * (the next list shows it; a watch hears of it with its next change), one that is gone is
   * dropped, one that still does not answer waits for the next round.
   */
  void readLateOnes() {
    Map<String, List<String>> due = new HashMap<>();
    synchronized (this) {
      late.forEach((kind, keys) -> due.put(kind, List.copyOf(keys)));
    }
    due.forEach(
        (kind, keys) -> {
          for (String key : keys) {
            int slash = key.indexOf('/');
            String namespace = slash < 0 ? null : key.substring(0, slash);
            String name = key.substring(slash + 1);
            Optional<? extends HasMetadata> object;
            try {
              object = fetcher.fetch(kinds.get(kind), namespace, name);
            } catch (RuntimeException e) {
              continue;
            }
            synchronized (this) {
              object.ifPresent(o -> written(kinds.get(kind), o, false));
              late.get(kind).remove(key);
            }
          }
        });
    synchronized (this) {
      late.values().removeIf(java.util.Set::isEmpty);
      if (late.isEmpty() && lateReader != null) {
        lateReader.shutdown();
        lateReader = null;
      }
    }
  }

  /** Takes in one change from the feed, at its position, and hands its event to the watches. */
  public void changed(FeedPosition at, EntityChange change) {
    ResourceKind<? extends HasMetadata> kind = kinds.get(change.kind());
    HasMetadata object = null;
    if (kind != null) {
      object =
          change.object() != null
              ? json.convertValue(change.object(), kind.type())
              : fetcher.fetch(kind, change.namespace(), change.name()).orElse(null);
    }
    CacheEvent event;
    synchronized (this) {
      position = Math.max(position, at.encoded());
      if (kind == null) {
        notifyAll();
        return;
      }
      TreeMap<String, HasMetadata> byKey = objects.get(kind.kind());
      String key = change.key();
      HasMetadata held = byKey.get(key);
      boolean deleted = change.type() == EntityChange.Type.DELETED;
      if (object == null) {
        // Gone before it could be read: the delete that follows says so.
        object = held;
      }
      if (object == null) {
        notifyAll();
        return;
      }
      Map<String, Seen> versions = seen.get(kind.kind());
      Seen last = versions.get(key);
      boolean repeat =
          deleted
              ? last == null && held == null
              : last != null
                  && last.uid().equals(Seen.of(object).uid())
                  && last.version() >= ObjectVersions.version(object);
      if (deleted) {
        byKey.remove(key);
        versions.remove(key);
        deletedUids.put(String.valueOf(object.getMetadata().getUid()), true);
      } else {
        if (ObjectVersions.newer(object, held)) {
          byKey.put(key, object);
        }
        if (!repeat) {
          versions.put(key, Seen.of(object));
        }
      }
      if (repeat) {
        // The feed delivers at least once: a change already seen is no new event.
        notifyAll();
        return;
      }
      // What a watch is told follows from what the watches were told before, as in Kubernetes'
      // watch cache: a publisher that starts a new run announces its object again, which is no
      // new object (and a write read back early is still news to the watches).
      EntityChange.Type type =
          deleted
              ? EntityChange.Type.DELETED
              : last == null ? EntityChange.Type.ADDED : EntityChange.Type.MODIFIED;
      event = new CacheEvent(at.encoded(), type, kind.kind(), object);
      window.addLast(event);
      while (window.size() > windowSize) {
        floor = window.removeFirst().position();
      }
      notifyAll();
    }
    for (Subscriber subscriber : subscribers) {
      subscriber.offer(event);
    }
  }

  /**
   * Takes in an object this gateway has just written ({@code deleted}: deleted), so that the next
   * read sees it; the feed's event follows.
   */
  public synchronized void written(ResourceKind<?> kind, HasMetadata object, boolean deleted) {
    TreeMap<String, HasMetadata> byKey = objects.get(kind.kind());
    if (byKey == null || object == null || object.getMetadata() == null) {
      return;
    }
    String key = key(object);
    HasMetadata held = byKey.get(key);
    if (deletedUids.containsKey(String.valueOf(object.getMetadata().getUid()))) {
      // The feed said it is gone already.
      return;
    }
    if (deleted && held != null && sameObject(object, held)) {
      byKey.remove(key);
    } else if (!deleted && ObjectVersions.newer(object, held)) {
      byKey.put(key, object);
    }
  }

  /**
   * Takes in an object this gateway has just read from its workflow because the feed had not
   * brought it yet, so that a list after the read shows it too: in Kubernetes a list never misses
   * an object that a get answered a moment before. An object the feed has said is deleted stays
   * out.
   */
  public void read(ResourceKind<?> kind, HasMetadata object) {
    written(kind, object, false);
  }

  /**
   * The objects of a kind in a namespace (or all, {@code namespace} null), sorted as kubectl lists
   * them, and the position they were read at.
   */
  public synchronized Snapshot list(ResourceKind<?> kind, String namespace) {
    List<HasMetadata> items = new ArrayList<>();
    for (HasMetadata object : objects.get(kind.kind()).values()) {
      if (namespace == null || namespace.equals(object.getMetadata().getNamespace())) {
        items.add(object);
      }
    }
    return new Snapshot(items, position);
  }

  /** One object, if the cache holds it. */
  public synchronized Optional<HasMetadata> get(
      ResourceKind<?> kind, String namespace, String name) {
    String key = namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    return Optional.ofNullable(objects.get(kind.kind()).get(key));
  }

  /**
   * The feed position after which a watch of one object continues from the object's own
   * resourceVersion (which clients take from a get and watch from, as etcd's revisions allow): the
   * cache's position when the object is still at that version, else the position of the change that
   * gave it that version, while the window holds it.
   *
   * @return the position, or empty when the version is unknown here (the client must list again)
   */
  public synchronized Optional<Long> positionOf(
      ResourceKind<?> kind, String namespace, String name, String objectVersion) {
    String key = namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    HasMetadata held = objects.get(kind.kind()).get(key);
    if (held != null && objectVersion.equals(held.getMetadata().getResourceVersion())) {
      return Optional.of(position);
    }
    Iterator<CacheEvent> newestFirst = window.descendingIterator();
    while (newestFirst.hasNext()) {
      CacheEvent event = newestFirst.next();
      HasMetadata object = event.object();
      if (event.kind().equals(kind.kind())
          && key(object).equals(key)
          && objectVersion.equals(object.getMetadata().getResourceVersion())) {
        return Optional.of(event.position());
      }
    }
    return Optional.empty();
  }

  /**
   * Opens a subscription to every change from {@code from} on (exclusive), or, when {@code from} is
   * null, to the current objects of the kind as ADDED events followed by every change from now on.
   * A position the feed has not reached yet is waited for a moment (another gateway may be a little
   * ahead).
   *
   * @throws Expired when {@code from} lies before the window: the client must list again
   */
  public Subscription subscribe(ResourceKind<?> kind, Long from, int capacity) {
    Subscriber subscriber = new Subscriber(kind.kind(), capacity);
    List<CacheEvent> initial = new ArrayList<>();
    long start;
    synchronized (this) {
      if (from != null && from > position) {
        waitFor(from);
      }
      if (from == null) {
        for (HasMetadata object : objects.get(kind.kind()).values()) {
          initial.add(new CacheEvent(position, EntityChange.Type.ADDED, kind.kind(), object));
        }
      } else if (from < floor) {
        throw new Expired(from, floor);
      } else {
        for (CacheEvent event : window) {
          if (event.position() > from) {
            initial.add(event);
          }
        }
      }
      start = position;
      subscribers.add(subscriber);
    }
    return new Subscription(initial, start, subscriber, () -> subscribers.remove(subscriber));
  }

  private void waitFor(long wanted) {
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (position < wanted && System.nanoTime() < deadline) {
      try {
        wait(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** How many watches are open, for metrics and tests. */
  public int subscriptions() {
    return subscribers.size();
  }

  /** Ends every open watch, as the gateway stops, and the reads of late objects. */
  public void closeAll() {
    subscribers.forEach(Subscriber::reset);
    synchronized (this) {
      if (lateReader != null) {
        lateReader.shutdownNow();
        lateReader = null;
      }
    }
  }

  private static boolean sameObject(HasMetadata a, HasMetadata b) {
    return Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid());
  }

  private static String key(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    String name = object.getMetadata().getName();
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  /** The uid and resourceVersion of an object's latest event. */
  private record Seen(String uid, long version) {
    static Seen of(HasMetadata object) {
      return new Seen(
          String.valueOf(object.getMetadata().getUid()), ObjectVersions.version(object));
    }
  }

  /**
   * A list read from the cache.
   *
   * @param items the objects, sorted by namespace and name
   * @param position the cache's position when they were read: the list's resourceVersion
   */
  public record Snapshot(List<HasMetadata> items, long position) {}

  /** A watch from a position before the window: Kubernetes' 410 Gone. */
  public static final class Expired extends RuntimeException {
    public Expired(long from, long floor) {
      super(
          "too old resource version: "
              + from
              + " ("
              + floor
              + "); list again and watch from the list's resourceVersion");
    }
  }
}
