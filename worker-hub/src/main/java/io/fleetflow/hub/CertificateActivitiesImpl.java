package io.fleetflow.hub;

import io.fleetflow.activities.hub.CertificateActivities;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityRef;
import io.fleetflow.model.certificates.CertificateRequestNames;
import io.fleetflow.model.certificates.ClusterCsr;
import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.certificates.CsrRejectedException;
import io.fleetflow.model.certificates.Pem;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.security.pki.ClusterSigner;
import io.fleetflow.workflows.cluster.ManagedClusterWorkflow;
import io.temporal.failure.ApplicationFailure;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Implements {@link CertificateActivities} with the hub's {@link ClusterSigner}. */
public class CertificateActivitiesImpl implements CertificateActivities {
  private static final Logger log = LoggerFactory.getLogger(CertificateActivitiesImpl.class);

  private final Supplier<ClusterSigner> signer;
  private final EntityClient entities;
  private final CertificateRequestStore requests;
  private final Duration lifetime;
  private final Clock clock;

  /**
   * @param signer the signer, loaded when first needed (a hub without one signs nothing)
   * @param lifetime how long an issued certificate is valid
   */
  public CertificateActivitiesImpl(
      Supplier<ClusterSigner> signer, Duration lifetime, Clock clock, EntityClient entities) {
    this.signer = signer;
    this.entities = entities;
    this.requests = new CertificateRequestStore(entities);
    this.lifetime = lifetime;
    this.clock = clock;
  }

  @Override
  public IssuedCertificate issue(String cluster, String signerName, String request) {
    ClusterCsr csr;
    try {
      ClusterCsr.checkSigner(signerName);
      csr = ClusterCsr.parseAny(request, cluster);
    } catch (CsrRejectedException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), REJECTED);
    }
    X509Certificate certificate = signer.get().issue(csr, lifetime, clock.instant());
    log.info(
        "issued a certificate to {} until {} (serial {})",
        csr.commonName(),
        certificate.getNotAfter().toInstant(),
        certificate.getSerialNumber().toString(16));
    return new IssuedCertificate(
        Pem.encode(certificate),
        certificate.getSerialNumber().toString(16),
        certificate.getNotAfter().toInstant().toString(),
        csr.fingerprint());
  }

  @Override
  public void decideCluster(String cluster, boolean accept, Actor actor) {
    EntityRef<ManagedCluster> ref = entities.entity(ClusterKinds.MANAGED_CLUSTER, null, cluster);
    Optional<ManagedCluster> found = ref.find();
    if (found.isEmpty()) {
      log.info("cluster {} is gone; its request's decision has nothing to decide", cluster);
      return;
    }
    ManagedCluster current = found.get();
    if (current.getSpec().isHubAcceptsClient() == accept && (accept || decided(current))) {
      // Decided already (another path came first): nothing changes.
      return;
    }
    if (!accept && !current.getSpec().isHubAcceptsClient()) {
      // A pending cluster's spec says false already: the denial is recorded by its own Update.
      ref.update(ManagedClusterWorkflow.DENY_JOIN, ManagedCluster.class, actor);
      return;
    }
    current.getSpec().setHubAcceptsClient(accept);
    ref.apply(current, actor);
  }

  private static boolean decided(ManagedCluster cluster) {
    return cluster.getStatus() != null
        && cluster.getStatus().getConditions() != null
        && cluster.getStatus().getConditions().stream()
            .anyMatch(c -> ManagedCluster.CONDITION_HUB_ACCEPTED.equals(c.getType()));
  }

  @Override
  public String submit(Submission submission) {
    String name = CertificateRequestNames.of(submission.cluster(), submission.pem());
    Actor hub = Actor.system("hub", "the agent of " + submission.cluster() + " asked to join");
    // A request stored before (a retried join) is kept as it stands.
    requests.store(
        new CertificateRequestStore.Request(
            name,
            Map.of(ClusterNames.CLUSTER_NAME_LABEL, submission.cluster()),
            submission.pem(),
            submission.username(),
            submission.groups()),
        hub);
    if (submission.renewal()) {
      // Approving a request approved already changes nothing.
      requests.approve(name, Actor.system("hub", "renewal of an accepted cluster's certificate"));
    }
    return name;
  }
}
