package io.fleetflow.model.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestSpec;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.ObjectValidator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Admits a CertificateSigningRequest only when the hub's signer could sign it: OCM's cluster label
 * names a valid cluster, the signer is {@value ClusterNames#SIGNER}, the usages are a client's, and
 * {@code spec.request} is a base64 PKCS#10 request that passes every {@link ClusterCsr} check for
 * that cluster (its own key signed it, the subject names that cluster's agent or one of its
 * add-ons' agents, and no other cluster; OCM's add-on label, when set, names the same add-on). A
 * request that fails is refused before anything is stored, so nothing is ever issued for it.
 */
public final class CertificateSigningRequestValidator
    implements ObjectValidator<CertificateSigningRequest> {

  @Override
  public List<FieldError> validateCreate(CertificateSigningRequest csr) {
    List<FieldError> errors = new ArrayList<>();
    String cluster = CertificateKinds.clusterOf(csr);
    if (cluster == null || cluster.isEmpty()) {
      errors.add(
          FieldError.required(
              "metadata.labels[" + ClusterNames.CLUSTER_NAME_LABEL + "]",
              "a cluster's request names its cluster with the label "
                  + ClusterNames.CLUSTER_NAME_LABEL));
    } else if (!ClusterNames.isValidName(cluster)) {
      errors.add(
          FieldError.invalid(
              "metadata.labels[" + ClusterNames.CLUSTER_NAME_LABEL + "]",
              "\"" + cluster + "\" is not a valid cluster name (a DNS-1123 label)"));
    }
    CertificateSigningRequestSpec spec = csr.getSpec();
    if (spec == null) {
      errors.add(FieldError.required("spec", "a CertificateSigningRequest needs a spec"));
      return errors;
    }
    if (!ClusterNames.SIGNER.equals(spec.getSignerName())) {
      errors.add(
          FieldError.notSupported(
              "spec.signerName", spec.getSignerName(), List.of(ClusterNames.SIGNER)));
    }
    if (spec.getUsages() != null) {
      for (String usage : spec.getUsages()) {
        if (!CertificateKinds.ALLOWED_USAGES.contains(usage)) {
          errors.add(
              FieldError.notSupported("spec.usages", usage, CertificateKinds.ALLOWED_USAGES));
        }
      }
    }
    if (spec.getExpirationSeconds() != null && spec.getExpirationSeconds() < 60) {
      errors.add(
          FieldError.invalid(
              "spec.expirationSeconds", "must be at least 60, got " + spec.getExpirationSeconds()));
    }
    if (spec.getRequest() == null || spec.getRequest().isBlank()) {
      errors.add(
          FieldError.required(
              "spec.request", "the PKCS#10 request, PEM encoded and then base64 encoded"));
    } else if (cluster != null && ClusterNames.isValidName(cluster)) {
      try {
        ClusterCsr parsed = ClusterCsr.parseAny(pem(spec.getRequest()), cluster);
        String addOnLabel =
            csr.getMetadata() == null || csr.getMetadata().getLabels() == null
                ? null
                : csr.getMetadata().getLabels().get(ClusterNames.ADDON_NAME_LABEL);
        if (addOnLabel != null && !addOnLabel.equals(parsed.addOn())) {
          errors.add(
              FieldError.invalid(
                  "metadata.labels[" + ClusterNames.ADDON_NAME_LABEL + "]",
                  "the label names add-on \""
                      + addOnLabel
                      + "\" but the request's subject is "
                      + parsed.commonName()));
        }
      } catch (CsrRejectedException e) {
        errors.add(FieldError.invalid("spec.request", e.getMessage()));
      }
    }
    return errors;
  }

  /** A request's spec is what was asked for; it never changes once stored. */
  @Override
  public List<FieldError> validateUpdate(
      CertificateSigningRequest current, CertificateSigningRequest proposed) {
    List<FieldError> errors = new ArrayList<>(validateCreate(proposed));
    CertificateSigningRequestSpec before = current.getSpec();
    CertificateSigningRequestSpec after = proposed.getSpec();
    if (before != null
        && after != null
        && (!Objects.equals(before.getRequest(), after.getRequest())
            || !Objects.equals(before.getSignerName(), after.getSignerName())
            || !Objects.equals(before.getUsages(), after.getUsages()))) {
      errors.add(FieldError.forbidden("spec", "a request's spec is immutable"));
    }
    return errors;
  }

  /** The PEM text of {@code spec.request}, which Kubernetes keeps base64 encoded. */
  public static String pem(String request) {
    try {
      return new String(Base64.getDecoder().decode(request.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new CsrRejectedException("spec.request is not base64: " + e.getMessage());
    }
  }
}
