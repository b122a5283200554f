package io.fleetflow.gateway.api;

import io.fleetflow.gateway.auth.Principal;
import io.fleetflow.gateway.entity.EntityService;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.workflows.rollout.ManifestWorkReplicaSetWorkflow;
import io.fleetflow.workflows.rollout.RolloutCommand;
import io.fleetflow.workflows.rollout.RolloutHistory;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The rollout controls of a ManifestWorkReplicaSet as subresources: {@code POST .../{name}/approve}
 * (approvers and admins), {@code pause}, {@code resume}, {@code abort} and {@code undo} (operators
 * and admins), each with an optional JSON body {@code {"comment": ..., "rollback": true,
 * "toRevision": N}}, and {@code GET .../{name}/history}. The workflow's own validators refuse
 * controls that do not fit the rollout's state (approving when no gate waits is a 409).
 */
@RestController
public class RolloutController {
  static final String ONE =
      "/apis/work.open-cluster-management.io/"
          + ManifestWorkReplicaSet.VERSION
          + "/namespaces/{namespace}/manifestworkreplicasets/{name}";

  /** The longest comment a rollout control may carry; comments stay in status and history. */
  static final int MAX_COMMENT_LENGTH = 4096;

  private final EntityService entities;
  private final ObjectReader reader;

  public RolloutController(EntityService entities, ObjectReader reader) {
    this.entities = entities;
    this.reader = reader;
  }

  @PostMapping(ONE + "/{action:approve|pause|resume|abort|undo}")
  public ResponseEntity<ManifestWorkReplicaSet> control(
      @PathVariable String namespace,
      @PathVariable String name,
      @PathVariable String action,
      Change change) {
    boolean approval = ManifestWorkReplicaSetWorkflow.APPROVE.equals(action);
    var groups = change.actor().groups();
    if (approval ? !Principal.mayDecide(groups) : !Principal.mayChange(groups)) {
      throw new ApiException(
          403,
          "Forbidden",
          "user \""
              + change.actor().user()
              + "\" may not "
              + action
              + " rollouts (groups "
              + (approval ? Principal.APPROVERS : Principal.OPERATORS)
              + " or "
              + Principal.ADMINS
              + ")",
          null,
          null);
    }
    RolloutCommand command = command(change);
    return ResponseEntity.ok(
        entities.command(
            Kinds.MANIFEST_WORK_REPLICA_SET, namespace, name, action, command, change.actor()));
  }

  @GetMapping(ONE + "/history")
  public RolloutHistory history(@PathVariable String namespace, @PathVariable String name) {
    entities.get(Kinds.MANIFEST_WORK_REPLICA_SET, namespace, name);
    return entities.read(
        Kinds.MANIFEST_WORK_REPLICA_SET,
        namespace,
        name,
        ManifestWorkReplicaSetWorkflow.HISTORY,
        RolloutHistory.class);
  }

  private RolloutCommand command(Change change) {
    RolloutCommand given =
        change.body() == null
            ? new RolloutCommand(null, null, null)
            : reader.value(
                change.body(),
                RolloutCommand.class,
                "the body must be {\"comment\": TEXT, \"rollback\": BOOLEAN, \"toRevision\":"
                    + " NUMBER}");
    if (given.comment() != null && given.comment().length() > MAX_COMMENT_LENGTH) {
      // The comment is recorded in the rollout's status and history with every approval.
      FieldError error =
          FieldError.tooLong(
              "comment",
              "a comment may have at most "
                  + MAX_COMMENT_LENGTH
                  + " characters, got "
                  + given.comment().length());
      throw ApiException.invalid(
          "RolloutCommand", Kinds.MANIFEST_WORK_REPLICA_SET.group(), "", List.of(error));
    }
    // The reason header, which every change may carry, is the comment when none is given.
    String comment = given.comment() != null ? given.comment() : change.actor().reason();
    return new RolloutCommand(comment, given.rollback(), given.toRevision());
  }
}
