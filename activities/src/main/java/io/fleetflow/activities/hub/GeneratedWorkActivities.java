package io.fleetflow.activities.hub;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/**
 * Creates, changes and deletes the ManifestWorks that a ManifestWorkReplicaSet generates, through
 * the ManifestWork workflows' own {@code create}, {@code apply} and {@code delete} updates, so that
 * a generated work is an ordinary ManifestWork with its own history.
 */
@ActivityInterface
public interface GeneratedWorkActivities {
  /**
   * Makes the work on the cluster carry the given revision: creates it (update-with-start) when it
   * does not exist, changes it when it carries another revision, and leaves it alone when it
   * carries this revision already, so a retried or repeated call never applies a revision twice.
   * Fails (retryably) while an earlier copy of the work is still being deleted. A work marked
   * {@link GeneratedWork#firstApply} is created without being read first, and read only when the
   * create finds it exists.
   */
  @ActivityMethod(name = "ApplyGeneratedWork")
  AppliedWork apply(GeneratedWork work);

  /**
   * Applies several works as {@link #apply} does each, side by side: a stage of a rollout is one
   * activity per {@value #BATCH} clusters instead of one per cluster. A work refused because an
   * earlier copy is still being deleted is tried again within the call for up to {@value
   * #REFUSED_RETRY_SECONDS} seconds and then reported refused, so one cluster's refusal fails that
   * cluster alone. The call heartbeats the number of works done; when Temporal cannot be reached it
   * fails, and its retry leaves alone the works that already carry their revision.
   *
   * @return one result per work, in the order given
   */
  @ActivityMethod(name = "ApplyGeneratedWorks")
  List<GeneratedWorkResult> applyAll(List<GeneratedWork> works);

  /** How many works one {@link #applyAll} call takes at most. */
  int BATCH = 100;

  /** How long {@link #applyAll} keeps trying a refused work. */
  int REFUSED_RETRY_SECONDS = 120;

  /**
   * Starts deleting the work; returns false when there was none.
   *
   * @param actor recorded in the work's history as who deleted it
   */
  @ActivityMethod(name = "DeleteGeneratedWork")
  boolean delete(String cluster, String name, Actor actor);

  /** Returns true once the work's workflow has ended, its resources removed from the cluster. */
  @ActivityMethod(name = "GeneratedWorkGone")
  boolean gone(String cluster, String name);

  /**
   * A work to generate.
   *
   * @param cluster the cluster, which is the work's namespace
   * @param name the work's name: the replica set's name, as OCM names it
   * @param labels the replica set's labels plus OCM's two labels of generated works
   * @param annotations the annotations, with the revision in {@code fleetflow.io/rollout-revision}
   * @param spec the template of the revision
   * @param revision the template revision
   * @param actor recorded in the work's history as who changed it
   * @param firstApply true when its owner never gave the cluster a work of this name, so that it is
   *     most likely new and created in one call; false (as in inputs recorded before the field
   *     existed) reads the work first
   */
  record GeneratedWork(
      String cluster,
      String name,
      Map<String, String> labels,
      Map<String, String> annotations,
      ManifestWorkSpec spec,
      long revision,
      Actor actor,
      boolean firstApply) {
    /** A work whose owner may have given it to the cluster before: it is read first. */
    public GeneratedWork(
        String cluster,
        String name,
        Map<String, String> labels,
        Map<String, String> annotations,
        ManifestWorkSpec spec,
        long revision,
        Actor actor) {
      this(cluster, name, labels, annotations, spec, revision, actor, false);
    }
  }

  /**
   * What {@link #applyAll} did with one work: either {@code applied} or {@code refusal} is set.
   *
   * @param cluster the work's cluster
   * @param applied the work as it is after the call, or null when it was refused
   * @param refusal why the work was refused, naming it, or null when it was applied
   */
  record GeneratedWorkResult(String cluster, AppliedWork applied, String refusal) {}

  /**
   * The work as it is after the call.
   *
   * @param generation its generation, which the revision's status reports will carry
   * @param conditions its conditions now, which may already show the revision applied
   * @param changed false when the work carried the revision already
   */
  record AppliedWork(long generation, List<Condition> conditions, boolean changed) {}
}
