package io.fleetflow.workflows.cluster;

import io.fleetflow.activities.hub.CertificateActivities;
import io.fleetflow.model.certificates.CertificateKinds;
import io.fleetflow.model.certificates.ClusterCsr;
import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.certificates.CsrRejectedException;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.workflows.certificates.CertificateSigningRequestWorkflow;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.HubStubs;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

/**
 * The ManagedCluster's side of its agents' certificates, kept apart from the cluster's life: a
 * join's PKCS#10 request is checked, stored as a CertificateSigningRequest (approved at once for an
 * accepted cluster: a renewal), and the cluster's acceptance approves the request that waits. Every
 * command here happens only for joins that carry a request, which no earlier history holds.
 */
final class ClusterCertificateRequests {
  private ClusterCertificateRequests() {}

  /**
   * Refuses a join whose request is not for this cluster, or not for the key the join names (so the
   * joining agent proves that it holds the key it is identified by).
   */
  static void check(JoinRequest request) {
    if (request.csr() == null) {
      return;
    }
    try {
      ClusterCsr csr = ClusterCsr.parse(request.csr(), request.clusterName());
      if (!csr.fingerprint().equals(request.identity())) {
        throw new CsrRejectedException(
            "the request is for key "
                + csr.fingerprint()
                + ", but the join names the agent's key "
                + request.identity());
      }
    } catch (CsrRejectedException e) {
      throw EntityFailures.invalid(
          "ManagedCluster",
          request.clusterName(),
          List.of(FieldError.invalid("csr", e.getMessage())));
    }
  }

  /**
   * Stores the join's request; a request of an accepted cluster's agent is a renewal, which the hub
   * approves.
   *
   * @return the request's name
   */
  static String submit(JoinRequest request, boolean accepted) {
    String requester =
        request.requester() == null
            ? ClusterNames.BOOTSTRAP_USER_PREFIX + "agent"
            : request.requester();
    List<String> groups =
        requester.startsWith(ClusterNames.BOOTSTRAP_USER_PREFIX)
            ? List.of(ClusterNames.BOOTSTRAP_GROUP, "system:authenticated")
            : List.of(
                ClusterNames.organization(request.clusterName()),
                ClusterNames.MANAGED_CLUSTERS_GROUP,
                "system:authenticated");
    return HubStubs.of(
            CertificateActivities.class,
            (accepted ? "renew the certificate of " : "store the join request of ")
                + request.clusterName(),
            Duration.ofSeconds(30))
        .submit(
            new CertificateActivities.Submission(
                request.clusterName(), request.csr(), requester, groups, accepted));
  }

  /** Tells a waiting request that its cluster was accepted, so it is approved as well. */
  static void accepted(String pendingRequest, Actor actor) {
    if (pendingRequest == null) {
      return;
    }
    try {
      Workflow.newUntypedExternalWorkflowStub(
              CertificateKinds.CERTIFICATE_SIGNING_REQUEST.workflowId(null, pendingRequest))
          .signal(CertificateSigningRequestWorkflow.CLUSTER_ACCEPTED, actor);
    } catch (SignalExternalWorkflowException | ApplicationFailure e) {
      // The request is gone (it expired, or was deleted): the agent joins again with a new one.
    }
  }
}
