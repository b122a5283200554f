package io.fleetflow.hub;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestSpec;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestStatus;
import io.fleetflow.activities.hub.CertificateActivities;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.model.certificates.CertificateKinds;
import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.meta.Actor;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores the requests the hub makes on an agent's behalf as CertificateSigningRequest objects, so
 * that {@code kubectl get csr} shows every credential the hub hands out, and approves the ones the
 * hub approves by itself (a renewal of an accepted cluster, an add-on's registration). Signing is
 * the request's own workflow's, once approved.
 */
public final class CertificateRequestStore {
  private static final String APPROVED_REASON = "AutoApprovedByHubCSRApprovingController";

  private final EntityClient entities;

  public CertificateRequestStore(EntityClient entities) {
    this.entities = entities;
  }

  /**
   * A request to store.
   *
   * @param name the object's name; the same request always gets the same name
   * @param labels OCM's labels: the cluster's, and an add-on's for an add-on agent
   * @param pem the PKCS#10 request, PEM encoded
   * @param username who asks
   * @param groups the requester's groups
   */
  public record Request(
      String name, Map<String, String> labels, String pem, String username, List<String> groups) {}

  /**
   * Stores the request, unless it is stored already.
   *
   * @throws ApplicationFailure of type {@value CertificateActivities#REJECTED} when the request is
   *     invalid
   */
  public void store(Request request, Actor actor) {
    CertificateSigningRequest csr = new CertificateSigningRequest();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(request.name());
    meta.setLabels(request.labels());
    csr.setMetadata(meta);
    CertificateSigningRequestSpec spec = new CertificateSigningRequestSpec();
    spec.setSignerName(ClusterNames.SIGNER);
    spec.setRequest(
        Base64.getEncoder().encodeToString(request.pem().getBytes(StandardCharsets.UTF_8)));
    spec.setUsages(List.of("client auth", "digital signature", "key encipherment"));
    spec.setUsername(request.username());
    spec.setGroups(request.groups());
    csr.setSpec(spec);
    try {
      entities.create(CertificateKinds.CERTIFICATE_SIGNING_REQUEST, csr, actor);
    } catch (EntityException.AlreadyExists e) {
      // The same request again (a retried join or a retried activity): it is kept as it stands.
    } catch (EntityException.Invalid e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), CertificateActivities.REJECTED);
    }
  }

  /** Approves a stored request as the hub; approving an approved request changes nothing. */
  public void approve(String name, Actor actor) {
    CertificateSigningRequest approved = new CertificateSigningRequest();
    CertificateSigningRequestCondition condition = new CertificateSigningRequestCondition();
    condition.setType(CertificateKinds.APPROVED);
    condition.setStatus("True");
    condition.setReason(APPROVED_REASON);
    approved.setStatus(new CertificateSigningRequestStatus(null, List.of(condition)));
    entities
        .entity(CertificateKinds.CERTIFICATE_SIGNING_REQUEST, null, name)
        .update(CertificateKinds.APPROVAL, CertificateSigningRequest.class, approved, actor);
  }

  /**
   * The request as it stands now, or empty when it is gone.
   *
   * @return the request's status: its certificate (PEM) once issued, and its conditions
   */
  public Optional<CertificateSigningRequestStatus> status(String name) {
    return entities
        .entity(CertificateKinds.CERTIFICATE_SIGNING_REQUEST, null, name)
        .find()
        .map(CertificateSigningRequest::getStatus);
  }
}
