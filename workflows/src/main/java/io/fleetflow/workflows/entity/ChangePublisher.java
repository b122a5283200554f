package io.fleetflow.workflows.entity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.activities.hub.ChangeFeedActivities;
import io.fleetflow.model.feed.ChangeFeed;
import io.fleetflow.model.feed.EntityChange;
import io.fleetflow.model.meta.ResourceKind;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * The one place where an entity tells the {@link ChangeFeed} that its object changed. An entity
 * calls {@link #changed} once per turn of its loop (after its updates and reconcile ran) and {@link
 * #deleted} just before its workflow completes; a turn in which the object's resourceVersion did
 * not move publishes nothing.
 *
 * <p>Publishing is a local activity (one marker event, no extra workflow task), guarded by {@code
 * Workflow.getVersion} so that histories recorded before the feed existed replay unchanged. It is
 * at least once and best effort: when the feed cannot be reached for {@link #GIVE_UP_AFTER} the
 * entity goes on (a gateway's periodic resync catches what it missed) rather than stall.
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

  private String published;
  private int publishedContent;

  /**
   * Publishes the object when it changed since the last publish of this run: its resourceVersion
   * moved, or (since {@value #CONTENT_CHANGE_ID}) its content changed without one, which then moves
   * its resourceVersion first, as any change of a Kubernetes object does, so that caches built from
   * the feed see every change a get would show.
   */
  public void changed(ResourceKind<?> kind, HasMetadata object) {
    if (object == null || object.getMetadata() == null) {
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
    String version = object.getMetadata().getResourceVersion();
    try {
      object.getMetadata().setResourceVersion(null);
      return java.util.Arrays.hashCode(JSON.writeValueAsBytes(object));
    } catch (JsonProcessingException e) {
      return 0;
    } finally {
      object.getMetadata().setResourceVersion(version);
    }
  }

  /** Publishes that the object is gone; call once, as the workflow's last step. */
  public void deleted(ResourceKind<?> kind, HasMetadata object) {
    if (object != null && object.getMetadata() != null) {
      send(kind, object, EntityChange.Type.DELETED);
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
