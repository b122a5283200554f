package io.fleetflow.workflows.addon;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.activities.addon.AddOnCredentialActivities;
import io.fleetflow.activities.addon.AddOnCredentialActivities.CredentialAsk;
import io.fleetflow.activities.addon.AddOnCredentialActivities.CredentialDelivery;
import io.fleetflow.activities.addon.AddOnRegistrationActivities;
import io.fleetflow.model.addon.AddOnHubPermissions.Binding;
import io.fleetflow.model.addon.ManagedClusterAddOn;
import io.fleetflow.model.addon.ManagedClusterAddOnStatus.Subject;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.workflows.HubTestEnvironment;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * An add-on whose template asks for a hub credential on cluster {@code east}: its permissions are
 * bound and its agent's certificate issued and stored on the cluster, renewed at four fifths of its
 * life, and both taken back when the add-on goes; a hub that cannot issue says why in {@code
 * RegistrationApplied} and tries again.
 */
class AddOnRegistrationWorkflowTest {
  private static final RegisteringAddOn PROBE = new RegisteringAddOn("east");
  private static final Subject SUBJECT = PROBE.subject();
  private static final Binding BINDING = PROBE.binding();
  private static final Duration LIFE = Duration.ofHours(10);

  private HubTestEnvironment hub;
  private AddOnRegistrationActivities registrations;
  private AddOnCredentialActivities credentials;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    PROBE.serve(hub, LIFE);
    registrations = hub.addOnRegistrations();
    credentials = hub.credentialAgentOf("east");
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void theAddOnIsBoundCertifiedRenewedAndUnboundWhenItGoes() {
    ManagedClusterAddOnWorkflow addOn = hub.createAddOn(addOn(), ADMIN);
    hub.env().sleep(Duration.ofSeconds(2));

    verify(registrations).applyPermissions("east", "probe", List.of(BINDING), List.of());
    ArgumentCaptor<CredentialAsk> asked = ArgumentCaptor.forClass(CredentialAsk.class);
    verify(credentials).prepare(asked.capture());
    assertThat(asked.getValue().commonName()).isEqualTo(SUBJECT.user());
    assertThat(asked.getValue().renew()).isFalse();
    ArgumentCaptor<CredentialDelivery> stored = ArgumentCaptor.forClass(CredentialDelivery.class);
    verify(credentials).store(stored.capture());
    assertThat(stored.getValue().certificate()).isEqualTo("certificate");
    assertThat(stored.getValue().hubUrl()).isEqualTo("https://hub.example.com");
    assertThat(reason(addOn)).isEqualTo("SetPermissionApplied");
    assertThat(message(addOn))
        .contains("CertificateSigningRequest addon-east-probe-0a1b2c3d4e5f", SUBJECT.user());

    hub.env().sleep(LIFE.multipliedBy(8).dividedBy(10).plusMinutes(1));
    verify(credentials, times(2)).prepare(asked.capture());
    assertThat(asked.getValue().renew()).isTrue();
    verify(registrations, times(2)).issue("east", "probe", "csr");
    verify(registrations, times(1)).applyPermissions(any(), any(), any(), any());

    addOn.delete(ADMIN);
    hub.env().sleep(Duration.ofSeconds(2));
    verify(registrations).applyPermissions("east", "probe", List.of(), List.of(BINDING));
    verify(credentials).forget("probe-agent", "probe");
  }

  @Test
  void aHubThatCannotIssueSaysWhyAndTriesAgain() {
    when(registrations.issue(any(), any(), any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "the hub has no cluster signer: set fleetflow.signer.dir",
                AddOnRegistrationActivities.NOT_POSSIBLE));
    ManagedClusterAddOnWorkflow addOn = hub.createAddOn(addOn(), ADMIN);
    hub.env().sleep(Duration.ofSeconds(2));

    assertThat(reason(addOn)).isEqualTo("SetPermissionFailed");
    assertThat(message(addOn)).isEqualTo("the hub has no cluster signer: set fleetflow.signer.dir");

    hub.env().sleep(AddOnRegistrar.RETRY_DELAY.plusSeconds(5));
    verify(registrations, times(2)).issue("east", "probe", "csr");
  }

  private static String reason(ManagedClusterAddOnWorkflow addOn) {
    return Conditions.reasonOf(
        addOn.get().getStatus().getConditions(),
        ManagedClusterAddOn.CONDITION_REGISTRATION_APPLIED);
  }

  private static String message(ManagedClusterAddOnWorkflow addOn) {
    return Conditions.find(
            addOn.get().getStatus().getConditions(),
            ManagedClusterAddOn.CONDITION_REGISTRATION_APPLIED)
        .orElseThrow()
        .getMessage();
  }

  private static ManagedClusterAddOn addOn() {
    ManagedClusterAddOn addOn = new ManagedClusterAddOn();
    addOn.setMetadata(new ObjectMetaBuilder().withName("probe").withNamespace("east").build());
    return addOn;
  }
}
