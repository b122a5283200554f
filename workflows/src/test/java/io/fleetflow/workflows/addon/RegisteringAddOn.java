package io.fleetflow.workflows.addon;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import io.fleetflow.activities.addon.AddOnCredentialActivities.CredentialRequest;
import io.fleetflow.activities.addon.AddOnRegistrationActivities.IssuedCredential;
import io.fleetflow.activities.addon.RenderedAddOn;
import io.fleetflow.activities.hub.GeneratedWorkActivities.AppliedWork;
import io.fleetflow.model.addon.AddOnHubPermissions.Binding;
import io.fleetflow.model.addon.HealthCheck;
import io.fleetflow.model.addon.ManagedClusterAddOnStatus.Registration;
import io.fleetflow.model.addon.ManagedClusterAddOnStatus.Subject;
import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.workflows.HubTestEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The add-on {@code probe} whose template asks for a hub credential and one ClusterRole, on one
 * cluster of a {@link HubTestEnvironment}: its render, and a hub and an agent that issue and store
 * its certificates. For the registration scenarios and the history recorder.
 */
public final class RegisteringAddOn {
  /** The certificate request the mock agent makes, which the mock hub signs. */
  public static final String CSR = "csr";

  private final String cluster;

  public RegisteringAddOn(String cluster) {
    this.cluster = cluster;
  }

  /** The add-on agent's subject on the cluster. */
  public Subject subject() {
    return new Subject(
        ClusterNames.addOnCommonName(cluster, "probe", "probe-agent"),
        ClusterNames.addOnGroups(cluster, "probe"));
  }

  /** The one RoleBinding of its hub permissions. */
  public Binding binding() {
    return new Binding(
        cluster,
        "open-cluster-management:addon:probe:" + cluster + ":reader",
        "ClusterRole",
        "reader");
  }

  /** The render that asks for both. */
  public RenderedAddOn rendered() {
    return new RenderedAddOn(
        null,
        true,
        "probe-agent",
        new ManifestWorkSpec(),
        null,
        "hash-1",
        List.of(),
        new HealthCheck(HealthCheck.NONE, null),
        null,
        List.of(new Registration(ClusterNames.SIGNER, subject())),
        null,
        List.of(binding()));
  }

  /**
   * Makes the hub render the add-on, apply and delete its works at once, and issue certificates of
   * {@code life} from the workflow clock's now; the cluster's mock agent asks for {@link #CSR}.
   * Call before {@code hub.start()}.
   */
  public void serve(HubTestEnvironment hub, Duration life) {
    when(hub.addOns().render(any())).thenReturn(rendered());
    when(hub.generatedWorks().apply(any())).thenAnswer(call -> new AppliedWork(1, List.of(), true));
    when(hub.generatedWorks().delete(anyString(), anyString(), any())).thenReturn(true);
    when(hub.generatedWorks().gone(anyString(), anyString())).thenReturn(true);
    hub.agentFor(cluster);
    when(hub.credentialAgentOf(cluster).prepare(any()))
        .thenReturn(new CredentialRequest(CSR, null, null));
    when(hub.addOnRegistrations().issue(any(), any(), any()))
        .thenAnswer(
            call -> {
              Instant now = Instant.ofEpochMilli(hub.env().currentTimeMillis());
              return new IssuedCredential(
                  "addon-" + cluster + "-probe-0a1b2c3d4e5f",
                  "certificate",
                  now.toString(),
                  now.plus(life).toString(),
                  "https://hub.example.com",
                  "ca");
            });
  }
}
