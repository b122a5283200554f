package io.fleetflow.cli.action;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fleetflow.cli.CommandFailure;
import io.fleetflow.cli.Invocation;
import io.fleetflow.cli.connect.ApiPath;
import io.fleetflow.cli.connect.ConnectionOptions;
import io.fleetflow.cli.connect.Hub;
import io.fleetflow.cli.output.Failures;
import io.fleetflow.model.action.ActionApproval;
import io.fleetflow.model.action.ActionKinds;
import io.fleetflow.model.action.ManagedClusterAction;
import io.fleetflow.model.action.ManagedClusterActionSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code action approve NAME -n CLUSTER}: an approver lets a ManagedClusterAction that waits for
 * approval run, through {@code POST .../managedclusteractions/NAME/approve}; {@code action
 * approve-set NAME -n NS} lets the waiting stage of a ManagedClusterActionSet start. Who may is the
 * gateway's and the workflow's decision (approvers and admins); a refusal is printed with the
 * gateway's message and the command exits with 1.
 */
@Command(
    name = "action",
    description = "Approve ManagedClusterActions that wait for an approver.",
    synopsisSubcommandLabel = "approve|approve-set")
public final class ActionCommands {
  private final Invocation invocation;

  public ActionCommands(Invocation invocation) {
    this.invocation = invocation;
  }

  @Command(
      name = "approve",
      description =
          "Let an action that waits for approval run on its cluster (approvers and admins); -n"
              + " names the cluster.")
  int approve(
      @Parameters(index = "0", paramLabel = "NAME", description = "The ManagedClusterAction.")
          String name,
      @Option(names = "--comment", paramLabel = "TEXT", description = "Kept with the approval.")
          String comment,
      @Mixin ConnectionOptions connection) {
    ManagedClusterAction after =
        postApproval(ManagedClusterAction.class, name, comment, connection);
    invocation.print(
        "managedclusteraction/"
            + name
            + " approved; it runs on cluster "
            + after.getMetadata().getNamespace()
            + "\n");
    return 0;
  }

  @Command(
      name = "approve-set",
      description =
          "Let the stage of a ManagedClusterActionSet that waits at a gate start (approvers and"
              + " admins).")
  int approveSet(
      @Parameters(index = "0", paramLabel = "NAME", description = "The ManagedClusterActionSet.")
          String name,
      @Option(names = "--comment", paramLabel = "TEXT", description = "Kept with the approval.")
          String comment,
      @Mixin ConnectionOptions connection) {
    postApproval(ManagedClusterActionSet.class, name, comment, connection);
    invocation.print("managedclusteractionset/" + name + ": the waiting stage starts\n");
    return 0;
  }

  /** Posts an approval to the object's {@code approve} subresource; a refusal ends the command. */
  private <T extends HasMetadata> T postApproval(
      Class<T> kind, String name, String comment, ConnectionOptions connection) {
    try (Hub hub = Hub.connect(invocation.connection(connection))) {
      try {
        return hub.post(
            ApiPath.of(kind, hub.namespace(), name).subresource(ActionKinds.APPROVE),
            new ActionApproval(comment),
            kind);
      } catch (KubernetesClientException e) {
        throw new CommandFailure(
            HasMetadata.getKind(kind).toLowerCase(java.util.Locale.ROOT)
                + "/"
                + name
                + ": approve refused: "
                + Failures.describe(e, hub.server()));
      }
    }
  }
}
