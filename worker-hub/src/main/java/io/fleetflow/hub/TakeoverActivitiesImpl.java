package io.fleetflow.hub;

import io.fleetflow.activities.hub.TakeoverActivities;
import io.fleetflow.activities.rounds.SharedRounds;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.client.EntityRef;
import io.fleetflow.client.Visibility;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.model.takeover.TakeoverProfileKinds;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.WorkKinds;
import io.fleetflow.workflows.cluster.ManagedClusterWorkflow;
import io.fleetflow.workflows.rollout.ManifestWorkReplicaSetWorkflow;
import io.fleetflow.workflows.rollout.WorkRelease;
import io.fleetflow.workflows.work.ManifestWorkWorkflow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads and notifies other entities for takeover: the profile through its {@code get} Query, the
 * clusters through visibility plus a Signal each, a cluster's ManifestWorks through visibility plus
 * {@code get}, and their deletion through their {@code delete} Update.
 */
@Component("takeoverActivities")
public class TakeoverActivitiesImpl implements TakeoverActivities {
  /** OCM's annotation that orders the deletion of a cluster's ManifestWorks. */
  static final String CLEANUP_PRIORITY = "open-cluster-management.io/cleanup-priority";

  private static final Logger log = LoggerFactory.getLogger(TakeoverActivitiesImpl.class);
  private final EntityClient entities;
  private final Function<String, List<ManifestWork>> heldWorks;
  private final Map<String, SharedRounds<Boolean, Optional<ClusterTakeoverProfile>>> profileReads =
      new ConcurrentHashMap<>();

  @Autowired
  public TakeoverActivitiesImpl(EntityClient entities) {
    this(entities, entities::heldWorks);
  }

  /**
   * @param heldWorks the works replica sets hold on a cluster ({@link EntityClient#heldWorks}),
   *     which are read from visibility listings
   */
  TakeoverActivitiesImpl(EntityClient entities, Function<String, List<ManifestWork>> heldWorks) {
    this.entities = entities;
    this.heldWorks = heldWorks;
  }

  /**
   * Every cluster's install reads the one profile, a thousand at once when a fleet joins: callers
   * that ask while a read runs share the next read, so the profile's workflow answers a few queries
   * instead of a thousand, and no caller gets a profile read before it asked.
   */
  @Override
  public ClusterTakeoverProfile profile(String name) {
    return profileReads
        .computeIfAbsent(
            name,
            n -> new SharedRounds<Boolean, Optional<ClusterTakeoverProfile>>(callers -> read(n)))
        .request(true)
        .orElse(null);
  }

  private Optional<ClusterTakeoverProfile> read(String name) {
    return entities
        .entity(TakeoverProfileKinds.CLUSTER_TAKEOVER_PROFILE, null, name)
        .find()
        .filter(profile -> profile.getMetadata().getDeletionTimestamp() == null);
  }

  @Override
  public int notifyClusters(long generation) {
    // A cluster removed since the listing has nothing to install.
    return entities.signalAll(
        ClusterKinds.MANAGED_CLUSTER,
        Visibility.of(ClusterKinds.MANAGED_CLUSTER),
        ManagedClusterWorkflow.TAKEOVER_PROFILE_CHANGED,
        generation);
  }

  @Override
  public List<WorkRef> manifestWorks(String cluster) {
    return Stream.concat(
            entities.list(WorkKinds.MANIFEST_WORK, cluster).stream(),
            heldWorks.apply(cluster).stream())
        .map(
            w ->
                new WorkRef(
                    w.getMetadata().getName(),
                    priority(w.getMetadata().getAnnotations()),
                    w.getMetadata().getDeletionTimestamp() != null))
        .toList();
  }

  @Override
  public void deleteManifestWork(String cluster, String name, Actor actor) {
    EntityRef<ManifestWork> work = entities.entity(WorkKinds.MANIFEST_WORK, cluster, name);
    try {
      work.delete(actor);
    } catch (EntityException.NotFound e) {
      if (!releaseHeld(cluster, name, null)) {
        log.info("ManifestWork {}/{} is already gone", cluster, name);
      }
    } catch (EntityException.Unavailable e) {
      // A Temporal server that did not answer refused nothing: the activity's retry asks again.
      throw e;
    } catch (EntityException e) {
      log.info("ManifestWork {}/{} refused deletion: {}", cluster, name, e.getMessage());
    }
  }

  @Override
  public void orphanManifestWork(String cluster, String name, String reason, Actor actor) {
    EntityRef<ManifestWork> work = entities.entity(WorkKinds.MANIFEST_WORK, cluster, name);
    try {
      work.update(ManifestWorkWorkflow.ORPHAN_FOR_RELEASE, ManifestWork.class, reason, actor);
    } catch (EntityException.NotFound e) {
      if (!releaseHeld(cluster, name, reason + " (" + actor.user() + ")")) {
        log.info("ManifestWork {}/{} is already gone", cluster, name);
      }
    } catch (EntityException.Unavailable e) {
      // A Temporal server that did not answer refused nothing: the activity's retry asks again.
      throw e;
    } catch (EntityException e) {
      log.info(
          "ManifestWork {}/{} ended before it was told to orphan: {}",
          cluster,
          name,
          e.getMessage());
    }
  }

  /**
   * Tells the replica set that holds the cluster's work of that name, if one does, that the cluster
   * is being released ({@link ManifestWorkReplicaSetWorkflow#releaseWork}).
   *
   * @param orphanedBecause why the work's resources stay on the cluster, or null to remove them
   * @return whether a replica set holds the work
   */
  private boolean releaseHeld(String cluster, String name, String orphanedBecause) {
    for (ManifestWork held : heldWorks.apply(cluster)) {
      Map<String, String> annotations = held.getMetadata().getAnnotations();
      String holder =
          annotations == null ? null : annotations.get(ManifestWorkReplicaSet.HELD_BY_ANNOTATION);
      if (holder != null && name.equals(held.getMetadata().getName())) {
        entities
            .entity(RolloutKinds.MANIFEST_WORK_REPLICA_SET, holder)
            .signal(
                ManifestWorkReplicaSetWorkflow.RELEASE_WORK,
                new WorkRelease(cluster, orphanedBecause));
        log.info("told {} to let go of its work on {}", holder, cluster);
        return true;
      }
    }
    return false;
  }

  /** OCM's rule: 0 to 100, lowest first; unset or invalid values go before all others. */
  static int priority(Map<String, String> annotations) {
    String value = annotations == null ? null : annotations.get(CLEANUP_PRIORITY);
    if (value == null) {
      return -1;
    }
    try {
      int priority = Integer.parseInt(value.trim());
      return priority < 0 || priority > 100 ? -1 : priority;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
