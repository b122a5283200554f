package io.fleetflow.model.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fleetflow.model.meta.Permission;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.meta.Subresource;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The kind of cluster identity: {@code certificates.k8s.io/v1} CertificateSigningRequest, held the
 * way an OCM hub holds its agents' requests, so OCM's {@code clusteradm accept} and {@code kubectl
 * certificate approve|deny} work unchanged. Its {@code /approval} subresource (a PUT of the whole
 * object with an {@code Approved} or {@code Denied} condition added) is a decision.
 */
public final class CertificateKinds {
  /** The API group of CertificateSigningRequests. */
  public static final String GROUP = "certificates.k8s.io";

  /** The subresource and Update that approve or deny a request. */
  public static final String APPROVAL = "approval";

  /** The condition an approval adds. */
  public static final String APPROVED = "Approved";

  /** The condition a denial adds. */
  public static final String DENIED = "Denied";

  /** The condition of a request the signer refused. */
  public static final String FAILED = "Failed";

  /** The key usages an agent's client certificate may have. */
  public static final List<String> ALLOWED_USAGES =
      List.of("client auth", "digital signature", "key encipherment");

  public static final ResourceKind<CertificateSigningRequest> CERTIFICATE_SIGNING_REQUEST =
      ResourceKind.of(CertificateSigningRequest.class, GROUP, "v1", "CertificateSigningRequest")
          .shortNames("csr")
          // Its short-lived workflow keeps its own record and does not publish to the change feed.
          .unpublished()
          .validator(new CertificateSigningRequestValidator())
          .column("Age", "date", c -> c.getMetadata().getCreationTimestamp())
          .column("SignerName", "string", c -> c.getSpec().getSignerName())
          .column("Requestor", "string", c -> c.getSpec().getUsername())
          .column("Condition", "string", CertificateKinds::condition)
          .subresource(
              Subresource.replace(
                  APPROVAL, APPROVAL, CertificateSigningRequest.class, Permission.DECIDE))
          .build();

  private CertificateKinds() {}

  /**
   * The request's conditions as kubectl shows them: {@code Approved,Issued}, {@code Denied}, or
   * {@code Pending}.
   */
  public static String condition(CertificateSigningRequest csr) {
    List<CertificateSigningRequestCondition> conditions =
        csr.getStatus() == null || csr.getStatus().getConditions() == null
            ? List.of()
            : csr.getStatus().getConditions();
    String shown =
        conditions.stream()
            .filter(c -> "True".equals(c.getStatus()))
            .map(CertificateSigningRequestCondition::getType)
            .collect(Collectors.joining(","));
    boolean issued = csr.getStatus() != null && csr.getStatus().getCertificate() != null;
    if (shown.isEmpty()) {
      return "Pending";
    }
    return issued ? shown + ",Issued" : shown;
  }

  /** Whether a request holds a true condition of this type. */
  public static boolean has(CertificateSigningRequest csr, String type) {
    return csr.getStatus() != null
        && csr.getStatus().getConditions() != null
        && csr.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The cluster a request is for, by OCM's label; null when it has none. */
  public static String clusterOf(CertificateSigningRequest csr) {
    return csr.getMetadata().getLabels() == null
        ? null
        : csr.getMetadata().getLabels().get(ClusterNames.CLUSTER_NAME_LABEL);
  }
}
