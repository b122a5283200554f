package io.fleetflow.hub;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.hub.GeneratedWorkActivities;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.client.EntityRef;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.WorkKinds;
import io.fleetflow.workflows.entity.EntityWorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Talks to the ManifestWork workflows on behalf of ManifestWorkReplicaSet workflows. */
@Component("generatedWorkActivities")
public class GeneratedWorkActivitiesImpl implements GeneratedWorkActivities {
  private final EntityClient entities;

  /** Generated works run below the priority of what people and agents start. */
  public GeneratedWorkActivitiesImpl(EntityClient entities) {
    this.entities = entities.withPriority(EntityWorkflowOptions.GENERATED);
  }

  @Override
  public AppliedWork apply(GeneratedWork generated) {
    EntityRef<ManifestWork> work = work(generated.cluster(), generated.name());
    ManifestWork current = work.find().orElse(null);
    ManifestWork desired = toWork(generated);
    try {
      if (current == null || current.getMetadata().getDeletionTimestamp() != null) {
        return result(entities.create(WorkKinds.MANIFEST_WORK, desired, generated.actor()), true);
      }
      String carried =
          current.getMetadata().getAnnotations() == null
              ? null
              : current
                  .getMetadata()
                  .getAnnotations()
                  .get(ManifestWorkReplicaSet.REVISION_ANNOTATION);
      if (Objects.equals(carried, Long.toString(generated.revision()))) {
        return result(current, false);
      }
      return result(work.apply(desired, generated.actor()), true);
    } catch (EntityException.Unavailable e) {
      throw e;
    } catch (EntityException e) {
      // An earlier copy that is still being deleted refuses both create and apply; the retry
      // policy tries again until its deletion finished.
      throw ApplicationFailure.newFailureWithCause(
          "ManifestWork " + generated.cluster() + "/" + generated.name() + ": " + e.getMessage(),
          "GeneratedWorkRefused",
          e);
    }
  }

  @Override
  public boolean delete(String cluster, String name, Actor actor) {
    EntityRef<ManifestWork> work = work(cluster, name);
    if (!work.exists()) {
      return false;
    }
    try {
      work.delete(actor);
      return true;
    } catch (EntityException.NotFound e) {
      return false;
    }
  }

  @Override
  public boolean gone(String cluster, String name) {
    return !work(cluster, name).exists();
  }

  private EntityRef<ManifestWork> work(String cluster, String name) {
    return entities.entity(WorkKinds.MANIFEST_WORK, cluster, name);
  }

  private static ManifestWork toWork(GeneratedWork generated) {
    ManifestWork work = new ManifestWork();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(generated.cluster());
    meta.setName(generated.name());
    meta.setLabels(new HashMap<>(generated.labels()));
    Map<String, String> annotations = new HashMap<>(generated.annotations());
    annotations.put(
        ManifestWorkReplicaSet.REVISION_ANNOTATION, Long.toString(generated.revision()));
    meta.setAnnotations(annotations);
    work.setMetadata(meta);
    work.setSpec(generated.spec());
    return work;
  }

  private static AppliedWork result(ManifestWork work, boolean changed) {
    return new AppliedWork(
        work.getMetadata().getGeneration(),
        work.getStatus() == null ? List.of() : work.getStatus().getConditions(),
        changed);
  }
}
