package io.fleetflow.workflows.addon;

import io.fleetflow.activities.addon.AddOnCredentialActivities;
import io.fleetflow.activities.addon.AddOnCredentialActivities.CredentialAsk;
import io.fleetflow.activities.addon.AddOnCredentialActivities.CredentialDelivery;
import io.fleetflow.activities.addon.AddOnCredentialActivities.CredentialRequest;
import io.fleetflow.activities.addon.AddOnRegistrationActivities;
import io.fleetflow.activities.addon.AddOnRegistrationActivities.IssuedCredential;
import io.fleetflow.activities.addon.RenderedAddOn;
import io.fleetflow.model.addon.AddOnHubPermissions.Binding;
import io.fleetflow.model.addon.ManagedClusterAddOnStatus.Subject;
import io.fleetflow.workflows.entity.AgentStubs;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.HubStubs;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An add-on's registration on one cluster (OCM's {@code KubeClient}): keeps the RoleBindings of its
 * declared hub permissions, and its agent's client certificate, asked for by the cluster's agent
 * (which keeps the key), issued by the hub through a CertificateSigningRequest and stored back on
 * the cluster; renewed at {@link #RENEW_AT} of its life, and both removed with the add-on. A
 * collaborator of the workflow: it runs in workflow code, one labelled activity per step.
 */
final class AddOnRegistrar {
  /** How far into a certificate's life it is renewed, as Kubernetes' client rotation does. */
  static final double RENEW_AT = 0.8;

  /** How long a registration that failed waits before it is tried again. */
  static final Duration RETRY_DELAY = Duration.ofMinutes(1);

  private final ManagedClusterAddOnState state;

  AddOnRegistrar(ManagedClusterAddOnState state) {
    this.state = state;
  }

  /** Whether the render asks for anything, or something of an earlier one is to be undone. */
  boolean needed(RenderedAddOn rendered) {
    return rendered.kubeClientSubject() != null
        || !rendered.bindings().isEmpty()
        || !state.hubBindings.isEmpty()
        || state.credentialSubject != null;
  }

  /**
   * Brings the registration to what the render asks for, when something is due: permissions that
   * differ, a credential missing, for another subject, or at its renewal. A failure is recorded for
   * {@code RegistrationApplied} and tried again after {@link #RETRY_DELAY}.
   */
  void register(RenderedAddOn rendered, Instant now) {
    Subject subject = rendered.kubeClientSubject();
    boolean permissionsDue = !rendered.bindings().equals(state.hubBindings);
    boolean credentialDue =
        subject != null
            ? !subject.user().equals(state.credentialSubject)
                || now.toEpochMilli() >= state.credentialRenewAt
            : state.credentialSubject != null;
    boolean waiting =
        state.registrationRetryAt != 0 && now.toEpochMilli() < state.registrationRetryAt;
    if ((!permissionsDue && !credentialDue) || waiting) {
      return;
    }
    state.registrationRetryAt = 0;
    try {
      if (permissionsDue) {
        applyPermissions(rendered.bindings());
      }
      if (credentialDue && subject == null) {
        forget(rendered.installNamespace());
      } else if (credentialDue) {
        obtain(rendered.installNamespace(), subject);
      }
      state.registrationProblem = null;
    } catch (ActivityFailure e) {
      state.registrationProblem = message(e);
      state.registrationRetryAt = EntityClock.now().plus(RETRY_DELAY).toEpochMilli();
    }
  }

  /**
   * Undoes the registration on removal: the RoleBindings go, and the credential is deleted from the
   * cluster when its agent can still be reached (a cluster being released or gone may not).
   */
  void unregister(String installNamespace) {
    if (!state.hubBindings.isEmpty()) {
      applyPermissions(List.of());
    }
    if (state.credentialSubject != null) {
      try {
        forget(installNamespace);
      } catch (ActivityFailure e) {
        // The cluster's agent is gone; what is left on the cluster no longer reaches anything.
        state.credentialSubject = null;
      }
    }
  }

  private void applyPermissions(List<Binding> wanted) {
    hub("bind the hub permissions of add-on " + name() + " on " + cluster())
        .applyPermissions(cluster(), name(), wanted, state.hubBindings);
    state.hubBindings = new ArrayList<>(wanted);
  }

  private void obtain(String namespace, Subject subject) {
    boolean renew = state.credentialSubject != null;
    CredentialRequest request =
        agent((renew ? "renew" : "prepare") + " the hub credential of add-on " + name())
            .prepare(new CredentialAsk(namespace, name(), subject.user(), subject.groups(), renew));
    String notBefore = request.notBefore();
    String notAfter = request.notAfter();
    if (request.csr() != null) {
      IssuedCredential issued =
          hub("issue the hub credential of add-on " + name() + " on " + cluster())
              .issue(cluster(), name(), request.csr());
      agent("store the hub credential of add-on " + name())
          .store(
              new CredentialDelivery(
                  namespace,
                  name(),
                  cluster(),
                  issued.certificate(),
                  issued.hubUrl(),
                  issued.hubCa()));
      state.credentialRequest = issued.request();
      notBefore = issued.notBefore();
      notAfter = issued.notAfter();
    }
    Instant from = Instant.parse(notBefore);
    Instant until = Instant.parse(notAfter);
    long life = Duration.between(from, until).toMillis();
    state.credentialSubject = subject.user();
    state.credentialNotAfter = notAfter;
    state.credentialRenewAt = from.toEpochMilli() + (long) (life * RENEW_AT);
  }

  private void forget(String namespace) {
    agent("delete the hub credential of add-on " + name()).forget(namespace, name());
    state.credentialSubject = null;
    state.credentialNotAfter = null;
    state.credentialRenewAt = 0;
  }

  /** When the registration next needs the workflow (epoch millis), or 0. */
  long nextWake() {
    return state.registrationRetryAt != 0
        ? state.registrationRetryAt
        : state.credentialSubject != null ? state.credentialRenewAt : 0;
  }

  private static String message(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure failure
        ? failure.getOriginalMessage()
        : AgentStubs.describe(e);
  }

  private AddOnRegistrationActivities hub(String summary) {
    return HubStubs.of(AddOnRegistrationActivities.class, summary, Duration.ofSeconds(60));
  }

  private AddOnCredentialActivities agent(String summary) {
    return AgentStubs.forCluster(
        AddOnCredentialActivities.class,
        cluster(),
        summary + " on " + cluster(),
        AgentStubs.PICKUP_TIMEOUT);
  }

  private String name() {
    return state.addOn.getMetadata().getName();
  }

  private String cluster() {
    return Objects.requireNonNull(state.addOn.getMetadata().getNamespace());
  }
}
