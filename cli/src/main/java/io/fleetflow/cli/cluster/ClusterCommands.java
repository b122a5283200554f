package io.fleetflow.cli.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fleetflow.cli.CommandFailure;
import io.fleetflow.cli.Invocation;
import io.fleetflow.cli.connect.ApiPath;
import io.fleetflow.cli.connect.ConnectionOptions;
import io.fleetflow.cli.connect.Hub;
import io.fleetflow.cli.output.Failures;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.validation.Names;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code accept NAME...} and {@code deny NAME...}: an approver's decision on managed clusters, as
 * OCM makes it: a merge patch of {@code spec.hubAcceptsClient}, with the reason in the {@value
 * Actor#REASON_HEADER} header, so the cluster's workflow records who decided and why. Each name is
 * decided on its own; the command exits with 1 when any failed. Both are top-level verbs, as {@code
 * clusteradm accept} is, so each is a command class of its own ({@link #verbs}).
 */
public final class ClusterCommands {
  private ClusterCommands() {}

  /** The verbs of this group, for the command tree's top level. */
  public static List<Object> verbs(Invocation invocation) {
    return List.of(new Accept(invocation), new Deny(invocation));
  }

  /** {@code accept NAME... [--reason TEXT]}. */
  @Command(
      name = "accept",
      description =
          "Accept managed clusters (spec.hubAcceptsClient: true; approvers and admins): the hub"
              + " takes them over.")
  static final class Accept extends Decision {
    Accept(Invocation invocation) {
      super(invocation, true);
    }
  }

  /** {@code deny NAME... [--reason TEXT]}. */
  @Command(
      name = "deny",
      description =
          "Deny managed clusters (spec.hubAcceptsClient: false; approvers and admins): the hub"
              + " detaches and releases them.")
  static final class Deny extends Decision {
    Deny(Invocation invocation) {
      super(invocation, false);
    }
  }

  /** What accept and deny share: their arguments and the decision itself. */
  private abstract static class Decision implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "The managed clusters.")
    List<String> names;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Recorded with the decision.")
    String reason;

    @Mixin ConnectionOptions connection;

    private final Invocation invocation;
    private final boolean accept;

    Decision(Invocation invocation, boolean accept) {
      this.invocation = invocation;
      this.accept = accept;
    }

    @Override
    public Integer call() {
      if (reason != null && (reason.contains("\n") || reason.contains("\r"))) {
        // A header carries one line; a newline would end it or be refused by the client.
        throw new CommandFailure("--reason must be a single line");
      }
      Map<String, String> headers =
          reason == null || reason.isEmpty() ? Map.of() : Map.of(Actor.REASON_HEADER, reason);
      String patch = "{\"spec\":{\"hubAcceptsClient\":" + accept + "}}";
      boolean failed = false;
      try (Hub hub = Hub.connect(invocation.connection(connection))) {
        for (String name : names) {
          if (!Names.checkSubdomain("name", name).isEmpty()) {
            invocation.error(name + ": not a valid managed cluster name");
            failed = true;
            continue;
          }
          try {
            hub.mergePatch(
                ApiPath.of(ManagedCluster.class, null, name), patch, headers, ManagedCluster.class);
            invocation.print("managedcluster/" + name + (accept ? " accepted\n" : " denied\n"));
          } catch (KubernetesClientException e) {
            invocation.error("managedcluster/" + name + ": " + Failures.describe(e, hub.server()));
            failed = true;
          }
        }
      }
      return failed ? 1 : 0;
    }
  }
}
