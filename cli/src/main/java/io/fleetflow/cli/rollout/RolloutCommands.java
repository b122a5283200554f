package io.fleetflow.cli.rollout;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fleetflow.cli.CommandFailure;
import io.fleetflow.cli.Invocation;
import io.fleetflow.cli.connect.Hub;
import io.fleetflow.cli.output.Failures;
import io.fleetflow.model.addon.ClusterManagementAddOn;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rollout status|history|approve|pause|resume|abort|undo NAME}: follow and steer a
 * ManifestWorkReplicaSet's rollout, or an add-on's config rollouts ({@code
 * clustermanagementaddon/NAME}), through the gateway. Who may do what is the gateway's and the
 * workflow's decision (approve: approvers and admins; the other controls: operators and admins); a
 * refusal is printed with the gateway's message and the command exits with 1.
 */
@Command(
    name = "rollout",
    description =
        "Follow and steer the rollout of a ManifestWorkReplicaSet (NAME) or of an add-on's configs"
            + " (clustermanagementaddon/NAME).",
    synopsisSubcommandLabel = "status|history|approve|pause|resume|abort|undo")
public final class RolloutCommands {
  private static final String CLEAR_SCREEN = "\033[H\033[2J";

  private final Invocation invocation;

  public RolloutCommands(Invocation invocation) {
    this.invocation = invocation;
  }

  @Command(
      name = "status",
      description =
          "Show the revision, phase, a progress bar, the waiting gate, the stages and the clusters"
              + " that failed; with --watch, follow it until the rollout is done.")
  int status(
      @Mixin ReplicaSetOptions replicaSet,
      @Option(
              names = {"-w", "--watch"},
              description =
                  "Show every change as it happens, until the rollout succeeded, failed, was"
                      + " aborted or rolled back.")
          boolean watch)
      throws InterruptedException {
    try (Hub hub = Hub.connect(invocation.connection(replicaSet.connection))) {
      RolloutTarget target = RolloutTarget.of(hub.namespace(), replicaSet.name);
      if (target.addOn()) {
        if (watch) {
          throw new CommandFailure("--watch follows replica sets; run status again for " + target);
        }
        invocation.print(
            AddOnRolloutView.render(read(hub, target, ClusterManagementAddOn.class, null)));
        return 0;
      }
      ManifestWorkReplicaSet current = read(hub, target, ManifestWorkReplicaSet.class, null);
      if (!watch) {
        invocation.print(RolloutStatusView.render(current, invocation.name()));
        return 0;
      }
      try {
        new StatusWatch(
                hub,
                target,
                set ->
                    invocation.print(
                        CLEAR_SCREEN + RolloutStatusView.render(set, invocation.name())))
            .follow(current);
      } catch (KubernetesClientException e) {
        throw new CommandFailure(target + ": watch failed: " + Failures.describe(e, hub.server()));
      }
      return 0;
    }
  }

  @Command(
      name = "history",
      description =
          "Show the revisions, the approvals (who, when, their comment and what they saw) and the"
              + " rollout's events.")
  int history(@Mixin ReplicaSetOptions replicaSet) {
    try (Hub hub = Hub.connect(invocation.connection(replicaSet.connection))) {
      RolloutTarget target = RolloutTarget.of(hub.namespace(), replicaSet.name);
      if (target.addOn()) {
        throw new CommandFailure(
            "history is kept for replica sets; an add-on's rollouts are in its status and its"
                + " workflow (rollout status "
                + target
                + ")");
      }
      invocation.print(
          RolloutHistoryView.render(read(hub, target, RolloutHistory.class, "history")));
      return 0;
    }
  }

  @Command(
      name = "approve",
      description = "Let the stage that waits for approval start (approvers and admins).")
  int approve(@Mixin ReplicaSetOptions replicaSet, @Mixin ReplicaSetOptions.Comment comment) {
    return control("approve", replicaSet, RolloutControl.withComment(comment.text));
  }

  @Command(name = "pause", description = "Stop new clusters from starting (operators and admins).")
  int pause(@Mixin ReplicaSetOptions replicaSet, @Mixin ReplicaSetOptions.Comment comment) {
    return control("pause", replicaSet, RolloutControl.withComment(comment.text));
  }

  @Command(
      name = "resume",
      description = "Let clusters start again after a pause (operators and admins).")
  int resume(@Mixin ReplicaSetOptions replicaSet, @Mixin ReplicaSetOptions.Comment comment) {
    return control("resume", replicaSet, RolloutControl.withComment(comment.text));
  }

  @Command(
      name = "abort",
      description = "End the current revision's rollout (operators and admins).")
  int abort(
      @Mixin ReplicaSetOptions replicaSet,
      @Option(
              names = "--rollback",
              description =
                  "Also return every cluster it changed to its previous revision, last changed"
                      + " first.")
          boolean rollback,
      @Mixin ReplicaSetOptions.Comment comment) {
    return control(
        "abort", replicaSet, new RolloutControl(comment.text, rollback ? true : null, null));
  }

  @Command(
      name = "undo",
      description =
          "Make an earlier revision's template the current one, as a new revision (operators and"
              + " admins).")
  int undo(
      @Mixin ReplicaSetOptions replicaSet,
      @Option(
              names = "--to-revision",
              paramLabel = "N",
              description = "The revision to return to (default: the one before the current).")
          Long toRevision,
      @Mixin ReplicaSetOptions.Comment comment) {
    if (toRevision != null && toRevision < 1) {
      throw new CommandFailure("--to-revision must be 1 or more, not " + toRevision);
    }
    return control("undo", replicaSet, new RolloutControl(comment.text, null, toRevision));
  }

  /** Sends a control and shows the rollout as it is after it. */
  private int control(String action, ReplicaSetOptions replicaSet, RolloutControl body) {
    try (Hub hub = Hub.connect(invocation.connection(replicaSet.connection))) {
      RolloutTarget target = RolloutTarget.of(hub.namespace(), replicaSet.name);
      try {
        String done = target.type() + "/" + target.name() + ": " + action + " done\n";
        if (target.addOn()) {
          ClusterManagementAddOn after =
              hub.post(target.path().subresource(action), body, ClusterManagementAddOn.class);
          invocation.print(done + AddOnRolloutView.render(after));
        } else {
          ManifestWorkReplicaSet after =
              hub.post(target.path().subresource(action), body, ManifestWorkReplicaSet.class);
          invocation.print(done + RolloutStatusView.render(after, invocation.name()));
        }
      } catch (KubernetesClientException e) {
        throw new CommandFailure(
            target + ": " + action + " refused: " + Failures.describe(e, hub.server()));
      }
      return 0;
    }
  }

  /** Reads the object, or a subresource of it when one is named. */
  private static <T> T read(Hub hub, RolloutTarget target, Class<T> type, String subresource) {
    try {
      return hub.get(
          subresource == null ? target.path() : target.path().subresource(subresource), type);
    } catch (KubernetesClientException e) {
      throw new CommandFailure(target + ": " + Failures.describe(e, hub.server()));
    }
  }
}
