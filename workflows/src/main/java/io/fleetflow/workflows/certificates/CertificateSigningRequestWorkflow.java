package io.fleetflow.workflows.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One cluster's CertificateSigningRequest, ID {@code CertificateSigningRequest/<name>}: held until
 * a decision (the {@code approval} Update, from {@code kubectl certificate approve|deny} and {@code
 * clusteradm accept}, or the cluster's acceptance), then, when approved, signed by the hub's
 * cluster signer into {@code status.certificate}. Approving or denying a bootstrap request decides
 * on the cluster too. Implements the entity contract of {@link EntityOperations}.
 */
@WorkflowInterface
public interface CertificateSigningRequestWorkflow {
  /** The signal by which a cluster's acceptance approves its pending request. */
  String CLUSTER_ACCEPTED = "clusterAccepted";

  @WorkflowMethod
  void run(CertificateSigningRequest carried);

  @QueryMethod(name = EntityOperations.GET)
  CertificateSigningRequest get();

  @UpdateMethod(name = EntityOperations.CREATE)
  CertificateSigningRequest create(CertificateSigningRequest csr, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(CertificateSigningRequest csr, Actor actor);

  @UpdateMethod(name = EntityOperations.APPLY)
  CertificateSigningRequest apply(CertificateSigningRequest csr, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(CertificateSigningRequest csr, Actor actor);

  /** Applies a patch to the request as it is (see {@link EntityOperations}). */
  @UpdateMethod(name = EntityOperations.PATCH)
  CertificateSigningRequest patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);

  @UpdateMethod(name = EntityOperations.DELETE)
  CertificateSigningRequest delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  /**
   * Approves or denies the request: the body is the whole object with an {@code Approved} or {@code
   * Denied} condition added, as kubectl sends it to {@code /approval}.
   */
  @UpdateMethod(name = "approval")
  CertificateSigningRequest approval(CertificateSigningRequest csr, Actor actor);

  @UpdateValidatorMethod(updateName = "approval")
  void validateApproval(CertificateSigningRequest csr, Actor actor);

  /** The cluster was accepted (by any path): a pending request is approved in its name. */
  @SignalMethod(name = CLUSTER_ACCEPTED)
  void clusterAccepted(Actor actor);
}
