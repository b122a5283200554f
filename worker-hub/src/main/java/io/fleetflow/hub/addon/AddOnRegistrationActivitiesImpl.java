package io.fleetflow.hub.addon;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestStatus;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fleetflow.activities.addon.AddOnRegistrationActivities;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.client.EntityRef;
import io.fleetflow.hub.CertificateRequestStore;
import io.fleetflow.model.addon.AddOnHubPermissions;
import io.fleetflow.model.addon.AddOnHubPermissions.Binding;
import io.fleetflow.model.certificates.CertificateKinds;
import io.fleetflow.model.certificates.CertificateRequestNames;
import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.certificates.Pem;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.rbac.RbacKinds;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Implements {@link AddOnRegistrationActivities} through the hub's entities: RoleBindings written
 * as the hub, and the add-on agent's CertificateSigningRequest stored, approved and then issued by
 * its own workflow with the cluster signer. Where add-on agents reach the hub comes from {@code
 * fleetflow.addon.hub-url} and {@code fleetflow.addon.hub-ca-file} (the API gateway's address and
 * the certificate its serving certificate chains to).
 */
@Component("addOnRegistrationActivities")
public class AddOnRegistrationActivitiesImpl implements AddOnRegistrationActivities {
  private static final Logger log = LoggerFactory.getLogger(AddOnRegistrationActivitiesImpl.class);

  /** How long one call waits for the request's workflow to issue the certificate. */
  static final Duration ISSUE_WAIT = Duration.ofSeconds(20);

  private static final Duration POLL = Duration.ofMillis(250);

  private final EntityClient entities;
  private final CertificateRequestStore requests;
  private final String hubUrl;
  private final String hubCaFile;

  public AddOnRegistrationActivitiesImpl(
      EntityClient entities,
      @Value("${fleetflow.addon.hub-url:}") String hubUrl,
      @Value("${fleetflow.addon.hub-ca-file:}") String hubCaFile) {
    this.entities = entities;
    this.requests = new CertificateRequestStore(entities);
    this.hubUrl = hubUrl;
    this.hubCaFile = hubCaFile;
  }

  @Override
  public void applyPermissions(
      String cluster, String addOn, List<Binding> wanted, List<Binding> obsolete) {
    Actor hub = Actor.system("hub", "the hub permissions of add-on " + addOn + " on " + cluster);
    for (Binding binding : obsolete) {
      if (!wanted.contains(binding)) {
        delete(ref(binding), hub);
      }
    }
    for (Binding binding : wanted) {
      RoleBinding desired = AddOnHubPermissions.roleBinding(binding, cluster, addOn);
      EntityRef<RoleBinding> ref = ref(binding);
      Optional<RoleBinding> current = ref.find();
      if (current.isEmpty()) {
        create(desired, hub);
      } else if (!Objects.equals(current.get().getRoleRef(), desired.getRoleRef())) {
        // A binding's roleRef never changes: it is bound anew.
        delete(ref, hub);
        create(desired, hub);
      } else if (!Objects.equals(current.get().getSubjects(), desired.getSubjects())
          || !Objects.equals(
              current.get().getMetadata().getLabels(), desired.getMetadata().getLabels())) {
        desired.getMetadata().setResourceVersion(null);
        ref.apply(desired, hub);
      }
    }
  }

  private EntityRef<RoleBinding> ref(Binding binding) {
    return entities.entity(RbacKinds.ROLE_BINDING, binding.namespace(), binding.name());
  }

  private void create(RoleBinding binding, Actor hub) {
    try {
      entities.create(RbacKinds.ROLE_BINDING, binding, hub);
    } catch (EntityException.AlreadyExists e) {
      // A retried activity: created the first time.
    } catch (EntityException.Invalid e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), NOT_POSSIBLE);
    }
  }

  private static void delete(EntityRef<RoleBinding> ref, Actor hub) {
    try {
      ref.delete(hub);
    } catch (EntityException.NotFound e) {
      // Gone already.
    }
  }

  @Override
  public IssuedCredential issue(String cluster, String addOn, String csr) {
    if (hubUrl.isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the hub does not know where add-on agents reach it: set fleetflow.addon.hub-url to the"
              + " API gateway's address (and fleetflow.addon.hub-ca-file to its CA)",
          NOT_POSSIBLE);
    }
    String hubCa = hubCa();
    String name = CertificateRequestNames.ofAddOn(cluster, addOn, csr);
    Actor hub = Actor.system("hub", "add-on " + addOn + " on " + cluster + " registers");
    requests.store(
        new CertificateRequestStore.Request(
            name,
            Map.of(ClusterNames.CLUSTER_NAME_LABEL, cluster, ClusterNames.ADDON_NAME_LABEL, addOn),
            csr,
            hub.user(),
            List.of()),
        hub);
    // As OCM's add-on manager approves its add-ons' KubeClient requests.
    requests.approve(name, hub);
    long deadline = System.nanoTime() + ISSUE_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<CertificateSigningRequestStatus> status = requests.status(name);
      if (status.isEmpty()) {
        throw ApplicationFailure.newFailure(
            "the request " + name + " was deleted before it was issued", NOT_POSSIBLE);
      }
      Optional<String> failed = failure(status.get());
      if (failed.isPresent()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the request " + name + " was not signed: " + failed.get(), NOT_POSSIBLE);
      }
      String issued = status.get().getCertificate();
      if (issued != null && !issued.isBlank()) {
        String pem = new String(Base64.getDecoder().decode(issued), StandardCharsets.UTF_8);
        X509Certificate certificate = Pem.certificate(pem);
        log.info("issued the hub credential of add-on {} on {} ({})", addOn, cluster, name);
        return new IssuedCredential(
            name,
            pem,
            certificate.getNotBefore().toInstant().toString(),
            certificate.getNotAfter().toInstant().toString(),
            hubUrl,
            hubCa);
      }
      Activity.getExecutionContext().heartbeat(name);
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw ApplicationFailure.newFailure(
        "the request " + name + " is approved but not issued yet", NOT_POSSIBLE);
  }

  private static Optional<String> failure(CertificateSigningRequestStatus status) {
    List<CertificateSigningRequestCondition> conditions = status.getConditions();
    return conditions == null
        ? Optional.empty()
        : conditions.stream()
            .filter(
                c ->
                    CertificateKinds.FAILED.equals(c.getType())
                        || CertificateKinds.DENIED.equals(c.getType()))
            .map(c -> c.getType() + ": " + c.getMessage())
            .findFirst();
  }

  private String hubCa() {
    if (hubCaFile.isBlank()) {
      return null;
    }
    try {
      return Files.readString(Path.of(hubCaFile));
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot read fleetflow.addon.hub-ca-file " + hubCaFile + ": " + e.getMessage(),
          NOT_POSSIBLE);
    }
  }
}
