package io.fleetflow.workflows.certificates;

import static io.fleetflow.workflows.Refusals.assertForbidden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestStatus;
import io.fleetflow.activities.hub.CertificateActivities.IssuedCertificate;
import io.fleetflow.model.authz.ActorSeal;
import io.fleetflow.model.authz.AuthorizationPolicy;
import io.fleetflow.model.authz.DefaultPolicy;
import io.fleetflow.model.certificates.CertificateKinds;
import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.model.meta.Voucher;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.entity.EntityAuthority;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.EntityWorkflowOptions;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cluster's CertificateSigningRequest from its create to its decision, with the hub's actor key
 * installed: only a vouched actor who may approve decides on it, a decision is final, and a request
 * that is not a cluster agent's is refused with a Status that says what is wrong.
 */
class CertificateSigningRequestWorkflowTest {
  private static final ActorSeal SEAL =
      new ActorSeal("csr-workflow-test-key-of-32-bytes!".getBytes());
  private static final String NAME = "east-abc12";
  private static final String TARGET =
      CertificateKinds.CERTIFICATE_SIGNING_REQUEST.workflowId(null, NAME);

  private HubTestEnvironment hub;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    when(hub.certificates().issue(eq("east"), eq(ClusterNames.SIGNER), anyString()))
        .thenReturn(
            new IssuedCertificate(
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                "1f",
                "2026-12-06T00:00:00Z",
                "sha256:key"));
    hub.start();
    EntityAuthority.install(SEAL);
  }

  @AfterEach
  void stopHub() {
    EntityAuthority.install(null);
    hub.close();
  }

  @Test
  void anAdminApprovesAndTheHubIssuesTheCertificate() {
    CertificateSigningRequestWorkflow request = create(ClusterRequests.forCluster(NAME, "east"));

    CertificateSigningRequest approved =
        request.approval(decision(CertificateKinds.APPROVED), vouched(admin()));

    assertThat(CertificateKinds.has(approved, CertificateKinds.APPROVED)).isTrue();
    assertThat(approved.getStatus().getConditions().get(0).getMessage())
        .isEqualTo("approved by ada: looks right");
    hub.env().sleep(Duration.ofSeconds(5));
    assertThat(request.get().getStatus().getCertificate()).isNotBlank();
    assertThat(CertificateKinds.condition(request.get())).isEqualTo("Approved,Issued");
  }

  @Test
  void aViewerMayNotApproveAndTheRequestStaysPending() {
    CertificateSigningRequestWorkflow request = create(ClusterRequests.forCluster(NAME, "east"));
    Actor viewer = vouched(new Actor("vic", List.of(Roles.VIEWERS), null));

    assertForbidden(
        () -> request.approval(decision(CertificateKinds.APPROVED), viewer),
        "User \"vic\" cannot update resource \"certificatesigningrequests/approval\"");
    assertForbidden(
        () -> request.approval(decision(CertificateKinds.DENIED), viewer),
        "cannot update resource \"certificatesigningrequests/approval\"");
    assertThat(CertificateKinds.condition(request.get())).isEqualTo("Pending");
    verify(hub.certificates(), never()).issue(anyString(), anyString(), anyString());
  }

  @Test
  void anAdminWhoIsNotVouchedForIsRefused() {
    CertificateSigningRequestWorkflow request = create(ClusterRequests.forCluster(NAME, "east"));
    Actor forged = admin();
    Actor elsewhere =
        SEAL.vouch(
            admin(),
            Set.of(Voucher.ALL),
            "CertificateSigningRequest/west-abc12",
            hub.env().currentTimeMillis() + 60_000);

    assertForbidden(
        () -> request.approval(decision(CertificateKinds.APPROVED), forged), "no voucher");
    assertForbidden(
        () -> request.approval(decision(CertificateKinds.APPROVED), elsewhere),
        "is for CertificateSigningRequest/west-abc12");
    assertThat(CertificateKinds.condition(request.get())).isEqualTo("Pending");
  }

  @Test
  void theHubApprovesARenewalAsItsVouchedSystemActor() {
    CertificateSigningRequestWorkflow request = create(ClusterRequests.forCluster(NAME, "east"));

    // The hub sends only the condition: no metadata, so no resourceVersion to check.
    CertificateSigningRequest body = decision(CertificateKinds.APPROVED);
    body.setMetadata(null);
    Actor hub = vouched(Actor.system("hub", "renewal of an accepted cluster's certificate"));

    request.approval(body, hub);
    // A retried activity approves again, which changes nothing.
    request.approval(body, hub);

    assertThat(CertificateKinds.has(request.get(), CertificateKinds.APPROVED)).isTrue();
    assertThat(request.get().getStatus().getConditions()).hasSize(1);
  }

  @Test
  void aDeniedRequestIsNeverSignedAndCannotBeApprovedAfterwards() {
    CertificateSigningRequestWorkflow request = create(ClusterRequests.forCluster(NAME, "east"));

    request.approval(decision(CertificateKinds.DENIED), vouched(admin()));

    assertThatThrownBy(
            () -> request.approval(decision(CertificateKinds.APPROVED), vouched(admin())))
        .isInstanceOfSatisfying(
            WorkflowUpdateException.class,
            e -> {
              var failure = EntityFailures.find(e).orElseThrow();
              assertThat(failure.getType()).isEqualTo(EntityFailures.INVALID);
              assertThat(EntityFailures.messageOf(failure))
                  .contains("already Denied and that decision is final");
            });
    hub.env().sleep(Duration.ofSeconds(5));
    assertThat(CertificateKinds.condition(request.get())).isEqualTo("Denied");
    verify(hub.certificates(), never()).issue(anyString(), anyString(), anyString());
  }

  @Test
  void approvingTwiceChangesNothing() {
    CertificateSigningRequestWorkflow request = create(ClusterRequests.forCluster(NAME, "east"));
    request.approval(decision(CertificateKinds.APPROVED), vouched(admin()));
    hub.env().sleep(Duration.ofSeconds(5));
    String version = request.get().getMetadata().getResourceVersion();

    request.approval(decision(CertificateKinds.APPROVED), vouched(admin()));

    assertThat(request.get().getStatus().getConditions()).hasSize(1);
    assertThat(request.get().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void aDecisionOnAVersionThatChangedSinceItWasReadIsAConflict() {
    CertificateSigningRequestWorkflow request = create(ClusterRequests.forCluster(NAME, "east"));
    CertificateSigningRequest readBefore = decision(CertificateKinds.APPROVED);
    CertificateSigningRequest labelled = request.get();
    labelled.getMetadata().getLabels().put("owner", "team-a");
    request.apply(labelled, vouched(admin()));

    assertThatThrownBy(() -> request.approval(readBefore, vouched(admin())))
        .isInstanceOfSatisfying(
            WorkflowUpdateException.class,
            e -> {
              var failure = EntityFailures.find(e).orElseThrow();
              assertThat(failure.getType()).isEqualTo(EntityFailures.CONFLICT);
              assertThat(EntityFailures.messageOf(failure))
                  .contains("the object has been modified");
            });
    assertThat(CertificateKinds.condition(request.get())).isEqualTo("Pending");
    assertThat(request.get().getMetadata().getLabels()).containsEntry("owner", "team-a");
  }

  @Test
  void onlyAnActorWhoMayChangeRequestsDeletesOne() {
    CertificateSigningRequestWorkflow request = create(ClusterRequests.forCluster(NAME, "east"));
    Actor viewer = vouched(new Actor("vic", List.of(Roles.VIEWERS), null));

    assertForbidden(
        () -> request.delete(viewer),
        "User \"vic\" cannot delete resource \"certificatesigningrequests\"");
    assertThat(request.get().getMetadata().getDeletionTimestamp()).isNull();

    CertificateSigningRequest deleted = request.delete(vouched(admin()));

    assertThat(deleted.getMetadata().getDeletionTimestamp()).isNotNull();
  }

  @Test
  void aRequestForAnotherSignerIsRefused() {
    assertInvalid(
        ClusterRequests.request(
            NAME, "east", ClusterNames.commonName("east", "agent"), "example.com/other-signer"),
        "spec.signerName",
        ClusterNames.SIGNER);
  }

  @Test
  void aRequestWhoseCommonNameIsNotAClusterAgentsIsRefused() {
    assertInvalid(
        ClusterRequests.request(NAME, "east", "admin", ClusterNames.SIGNER),
        "spec.request",
        "the common name \"admin\" must be system:open-cluster-management:<cluster>:<agent>");
  }

  @Test
  void aRequestForAnotherClustersAgentIsRefused() {
    assertInvalid(
        ClusterRequests.request(
            NAME, "east", ClusterNames.commonName("west", "agent"), ClusterNames.SIGNER),
        "spec.request",
        "an agent may only ask for its own cluster's certificate");
  }

  @Test
  void aRequestThatIsNotPemIsRefused() {
    assertInvalid(
        ClusterRequests.withRequest(
            NAME, "east", ClusterNames.SIGNER, ClusterRequests.base64("not a certificate request")),
        "spec.request",
        "must be one PEM block \"CERTIFICATE REQUEST\" (PKCS#10)");
  }

  private void assertInvalid(CertificateSigningRequest csr, String field, String message) {
    assertThatThrownBy(() -> create(csr))
        .isInstanceOfSatisfying(
            WorkflowUpdateException.class,
            e -> {
              var failure = EntityFailures.find(e).orElseThrow();
              assertThat(failure.getType()).isEqualTo(EntityFailures.INVALID);
              assertThat(EntityFailures.messageOf(failure)).contains(field).contains(message);
            });
  }

  /** The body kubectl PUTs to {@code /approval}: the object with one decision condition added. */
  private CertificateSigningRequest decision(String type) {
    CertificateSigningRequest body =
        hub.client().newWorkflowStub(CertificateSigningRequestWorkflow.class, TARGET).get();
    CertificateSigningRequestCondition condition = new CertificateSigningRequestCondition();
    condition.setType(type);
    condition.setStatus("True");
    condition.setReason("KubectlApprove");
    condition.setMessage("looks right");
    List<CertificateSigningRequestCondition> conditions =
        new java.util.ArrayList<>(body.getStatus().getConditions());
    conditions.add(condition);
    body.setStatus(new CertificateSigningRequestStatus(null, conditions));
    return body;
  }

  private Actor vouched(Actor actor) {
    return SEAL.vouch(
        actor,
        actor.isSystem()
            ? Set.of(Voucher.ALL)
            : AuthorizationPolicy.grantsOn(
                TARGET, actor.user(), actor.groups(), DefaultPolicy.policy()),
        TARGET,
        hub.env().currentTimeMillis() + 60_000);
  }

  private static Actor admin() {
    return new Actor("ada", List.of(Roles.ADMINS), null);
  }

  /** The hub's create of an agent's request, as its certificate activities send it. */
  private CertificateSigningRequestWorkflow create(CertificateSigningRequest csr) {
    CertificateSigningRequestWorkflow workflow =
        hub.client()
            .newWorkflowStub(
                CertificateSigningRequestWorkflow.class,
                EntityWorkflowOptions.forObject(
                    CertificateKinds.CERTIFICATE_SIGNING_REQUEST,
                    null,
                    csr.getMetadata().getName()));
    WorkflowClient.executeUpdateWithStart(
        workflow::create,
        csr,
        vouched(Actor.system("hub", "the agent of east asked to join")),
        UpdateOptions.<CertificateSigningRequest>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(workflow::run, (CertificateSigningRequest) null));
    return workflow;
  }
}
