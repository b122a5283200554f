package io.fleetflow.workflows.entity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.hub.ChangeFeedActivities;
import io.fleetflow.model.feed.ChangeFeed;
import io.fleetflow.model.feed.EntityChange;
import io.fleetflow.model.meta.ResourceKind;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The one place where an entity tells the {@link ChangeFeed} that its object changed.
 *
 * <p>An entity calls {@link #follow} once, as its workflow method starts: from then on a workflow
 * thread of its own publishes the object whenever it differs from what was last published, whether
 * a loop step, a signal or an update handler changed it. A change of content without a new
 * resourceVersion moves the version first, as any change of a Kubernetes object does, so caches
 * built from the feed see every change a get shows. {@link #deleted} publishes the object's end, as
 * the workflow's last step. Executions that started before following existed ({@code getVersion}
 * {@value #FOLLOW_ID}) keep publishing once per turn of their loop, through {@link #changed}.
 *
 * <p>Publishing is a local activity (one marker event, no extra workflow task), guarded by {@code
 * Workflow.getVersion} so that histories recorded before the feed existed replay unchanged. It is
 * at least once: when the feed cannot be reached for {@link #GIVE_UP_AFTER} the entity goes on
 * rather than stall, and its follower tries again after {@link #RETRY_AFTER} until the change is
 * in; a deletion is tried for about {@value #DELETION_ATTEMPTS} attempts before the workflow ends
 * without it. Gateways do not relist on a schedule, so a change that never reaches the feed stays
 * missing from their caches until they restart.
 */
public final class ChangePublisher {
  /** The change ID of the {@code Workflow.getVersion} guard. */
  public static final String VERSION_CHANGE_ID = "publish-changes";

  static final Duration GIVE_UP_AFTER = Duration.ofMinutes(1);

  private static final Logger log = Workflow.getLogger(ChangePublisher.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChangeFeedActivities feed =
      Workflow.newLocalActivityStub(
          ChangeFeedActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setScheduleToCloseTimeout(GIVE_UP_AFTER)
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofMillis(200))
                      .setMaximumInterval(Duration.ofSeconds(5))
                      .build())
              .setSummary("publish the change to the ChangeFeed")
              .build());

  /** The change ID that also publishes changes their workflow made without a new version. */
  public static final String CONTENT_CHANGE_ID = "publish-content-changes";

  /** The change ID of publishing from a thread of its own, whenever the object changed. */
  public static final String FOLLOW_ID = "publish-every-change";

  static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  /** How often a deletion is tried before its workflow ends without it: some 20 minutes. */
  static final int DELETION_ATTEMPTS = 15;

  /** Serializes an object without its resourceVersion, to see whether its content changed. */
  private static final ObjectMapper CONTENT =
      new ObjectMapper().addMixIn(ObjectMeta.class, WithoutResourceVersion.class);

  @JsonIgnoreProperties("resourceVersion")
  private abstract static class WithoutResourceVersion {}

  private String published;
  private int publishedContent;
  private boolean following;
  private boolean publishing;
  private boolean ended;

  /**
   * Publishes every change of the object from now on, from a workflow thread of its own; call once,
   * as the workflow method starts. Does nothing in an execution that started before following
   * existed, which publishes through {@link #changed} instead.
   *
   * @param kind the object's kind
   * @param object the object as the workflow holds it now, or null before it exists
   */
  public void follow(ResourceKind<?> kind, Supplier<? extends HasMetadata> object) {
    if (Workflow.getVersion(FOLLOW_ID, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    following = true;
    Async.procedure(
        () -> {
          while (true) {
            Workflow.await(() -> ended || differs(object.get()));
            if (ended) {
              return;
            }
            publishing = true;
            boolean sent = publish(kind, object.get());
            publishing = false;
            if (!sent) {
              Workflow.await(RETRY_AFTER, () -> ended);
            }
          }
        });
  }

  /** Whether the object differs from what was last published. */
  private boolean differs(HasMetadata object) {
    if (object == null || object.getMetadata() == null) {
      return false;
    }
    return published == null
        || !Objects.equals(object.getMetadata().getResourceVersion(), published)
        || content(object) != publishedContent;
  }

  /** Publishes the object as it is now, moving its resourceVersion if only its content moved. */
  private boolean publish(ResourceKind<?> kind, HasMetadata object) {
    if (published != null && Objects.equals(object.getMetadata().getResourceVersion(), published)) {
      ObjectChanges.bump(object);
    }
    EntityChange.Type type =
        published == null ? EntityChange.Type.ADDED : EntityChange.Type.MODIFIED;
    int content = content(object);
    String version = object.getMetadata().getResourceVersion();
    if (!send(kind, object, type)) {
      return false;
    }
    published = version;
    publishedContent = content;
    return true;
  }

  /**
   * Publishes the object when it changed since the last publish of this run: its resourceVersion
   * moved, or (since {@value #CONTENT_CHANGE_ID}) its content changed without one, which then moves
   * its resourceVersion first, as any change of a Kubernetes object does, so that caches built from
   * the feed see every change a get would show.
   */
  public void changed(ResourceKind<?> kind, HasMetadata object) {
    if (following || object == null || object.getMetadata() == null) {
      return;
    }
    String version = object.getMetadata().getResourceVersion();
    if (Objects.equals(version, published)) {
      if (published == null || content(object) == publishedContent) {
        return;
      }
      if (Workflow.getVersion(CONTENT_CHANGE_ID, Workflow.DEFAULT_VERSION, 1)
          == Workflow.DEFAULT_VERSION) {
        return;
      }
      ObjectChanges.bump(object);
      version = object.getMetadata().getResourceVersion();
    }
    EntityChange.Type type =
        published == null ? EntityChange.Type.ADDED : EntityChange.Type.MODIFIED;
    if (send(kind, object, type)) {
      published = version;
      publishedContent = content(object);
    }
  }

  /** A hash of the object without its resourceVersion. */
  private static int content(HasMetadata object) {
    try {
      return java.util.Arrays.hashCode(CONTENT.writeValueAsBytes(object));
    } catch (JsonProcessingException e) {
      return 0;
    }
  }

  /** Publishes that the object is gone; call once, as the workflow's last step. */
  public void deleted(ResourceKind<?> kind, HasMetadata object) {
    ended = true;
    // A change on its way to the feed lands before the deletion does.
    Workflow.await(() -> !publishing);
    if (object == null || object.getMetadata() == null) {
      return;
    }
    boolean sent = send(kind, object, EntityChange.Type.DELETED);
    // A lost deletion would leave the object in every watch cache until the gateway restarts, so
    // a following entity keeps trying for a while before its workflow ends.
    for (int attempt = 1; !sent && following && attempt < DELETION_ATTEMPTS; attempt++) {
      Workflow.sleep(RETRY_AFTER);
      sent = send(kind, object, EntityChange.Type.DELETED);
    }
  }

  private boolean send(ResourceKind<?> kind, HasMetadata object, EntityChange.Type type) {
    if (Workflow.getVersion(VERSION_CHANGE_ID, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return false;
    }
    var meta = object.getMetadata();
    EntityChange change =
        new EntityChange(
            kind.kind(),
            meta.getNamespace(),
            meta.getName(),
            meta.getUid(),
            versionOf(meta.getResourceVersion()),
            type,
            inline(object) ? object : null);
    try {
      feed.publish(change);
      return true;
    } catch (ActivityFailure e) {
      log.warn("could not publish {} of {} {} to the feed: {}", type, kind.kind(), change.key(), e);
      return false;
    }
  }

  private static long versionOf(String resourceVersion) {
    try {
      return resourceVersion == null ? 0 : Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean inline(HasMetadata object) {
    try {
      return JSON.writeValueAsBytes(object).length <= ChangeFeed.MAX_INLINE_BYTES;
    } catch (JsonProcessingException e) {
      return false;
    }
  }
}
