package io.fleetflow.workflows.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestStatus;
import io.fleetflow.activities.hub.CertificateActivities;
import io.fleetflow.activities.hub.CertificateActivities.IssuedCertificate;
import io.fleetflow.model.certificates.CertificateKinds;
import io.fleetflow.model.certificates.CertificateSigningRequestValidator;
import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.certificates.CsrApproval;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Subresource;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.workflows.entity.EntityAuthority;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.EntityRecord;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.HubStubs;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.SearchAttributePublisher;
import io.fleetflow.workflows.entity.Waits;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Implements {@link CertificateSigningRequestWorkflow}. */
public class CertificateSigningRequestWorkflowImpl implements CertificateSigningRequestWorkflow {
  /** How long a new workflow waits for its create. */
  private static final Duration CREATION_WAIT = Duration.ofMinutes(1);

  /**
   * How long a request is kept once decided, as Kubernetes garbage-collects approved requests after
   * an hour; its history stays in Temporal.
   */
  static final Duration KEEP_DECIDED = Duration.ofHours(1);

  /** How long a request waits for a decision before it is dropped, as Kubernetes does. */
  static final Duration KEEP_PENDING = Duration.ofHours(24);

  private final SearchAttributePublisher searchAttributes = new SearchAttributePublisher();
  private CertificateSigningRequest csr;
  private final EntityRecord<CertificateSigningRequest> record =
      new EntityRecord<>(
          CertificateKinds.CERTIFICATE_SIGNING_REQUEST,
          () -> csr,
          stored -> csr = stored,
          created ->
              created.setStatus(new CertificateSigningRequestStatus(null, new ArrayList<>())));
  private CsrApproval decision;
  private Actor decidedBy;
  private boolean deleting;

  @WorkflowInit
  public CertificateSigningRequestWorkflowImpl(CertificateSigningRequest carried) {
    this.csr = carried;
  }

  @Override
  public void run(CertificateSigningRequest carried) {
    if (!Waits.until(CREATION_WAIT, "wait for the create", () -> csr != null)) {
      return;
    }
    publish();
    String name = csr.getMetadata().getName();
    Waits.until(
        KEEP_PENDING, "wait for approval or denial of " + name, () -> decision != null || deleting);
    if (decision != null && !deleting) {
      carryOut(name);
    }
    publish();
    Waits.until(KEEP_DECIDED, "keep decided request " + name + " for an hour", () -> deleting);
  }

  private void carryOut(String name) {
    String cluster = CertificateKinds.clusterOf(csr);
    CertificateActivities activities =
        HubStubs.of(
            CertificateActivities.class,
            (decision.approved() ? "issue a client certificate to " : "record the denial of ")
                + cluster
                + " ("
                + name
                + ")",
            Duration.ofSeconds(30));
    if (isBootstrap() && decidedBy != null) {
      // A person decided on a cluster's join request: the cluster stands the same way.
      activities.decideCluster(cluster, decision.approved(), decidedBy);
    }
    if (!decision.approved()) {
      return;
    }
    try {
      IssuedCertificate issued =
          activities.issue(
              cluster,
              csr.getSpec().getSignerName(),
              CertificateSigningRequestValidator.pem(csr.getSpec().getRequest()));
      csr.getStatus()
          .setCertificate(
              Base64.getEncoder()
                  .encodeToString(issued.certificate().getBytes(StandardCharsets.UTF_8)));
      Workflow.setCurrentDetails(
          "**issued** to "
              + cluster
              + " until "
              + issued.notAfter()
              + " (serial "
              + issued.serial()
              + ")");
    } catch (ActivityFailure e) {
      String message =
          e.getCause() instanceof ApplicationFailure failure
              ? failure.getOriginalMessage()
              : e.getMessage();
      condition(CertificateKinds.FAILED, "SignerValidationFailure", message);
      Workflow.setCurrentDetails("**failed**: " + message);
    }
    ObjectChanges.bump(csr);
  }

  @Override
  public CertificateSigningRequest get() {
    return csr;
  }

  @Override
  public void validateCreate(CertificateSigningRequest proposed, Actor actor) {
    record.validateCreate(proposed, actor);
  }

  @Override
  public CertificateSigningRequest create(CertificateSigningRequest proposed, Actor actor) {
    if (!actor.user().startsWith(Actor.system("hub", null).user())) {
      // As an API server does, the requester is whoever sent the request, never what it claims.
      proposed.getSpec().setUsername(actor.user());
      proposed.getSpec().setGroups(new ArrayList<>(actor.groups()));
    }
    record.create(proposed);
    Workflow.setCurrentDetails(
        "**pending**: " + proposed.getSpec().getUsername() + " asks for a client certificate");
    return proposed;
  }

  @Override
  public void validateApply(CertificateSigningRequest proposed, Actor actor) {
    record.validateApply(proposed, actor);
  }

  @Override
  public CertificateSigningRequest apply(CertificateSigningRequest proposed, Actor actor) {
    record.apply(proposed);
    return csr;
  }

  @Override
  public void validatePatch(Patch patch, Actor actor) {
    validateApply(record.proposedBy(patch), actor);
  }

  @Override
  public CertificateSigningRequest patch(Patch patch, Actor actor) {
    return apply(record.proposedBy(patch), actor);
  }

  @Override
  public void validateDelete(Actor actor) {
    record.validateDelete(actor);
  }

  @Override
  public CertificateSigningRequest delete(Actor actor) {
    deleting = true;
    return record.delete();
  }

  @Override
  public void validateApproval(CertificateSigningRequest body, Actor actor) {
    if (csr == null) {
      throw EntityFailures.of(EntityFailures.NOT_FOUND, "certificatesigningrequests not found");
    }
    requireApprover(actor, csr);
    ObjectChanges.checkVersion(CertificateKinds.CERTIFICATE_SIGNING_REQUEST, csr, body);
    try {
      CsrApproval.judge(csr, body, actor);
    } catch (IllegalArgumentException e) {
      throw EntityFailures.invalid(
          CertificateKinds.CERTIFICATE_SIGNING_REQUEST.kind(),
          csr.getMetadata().getName(),
          List.of(
              io.fleetflow.model.validation.FieldError.invalid(
                  "status.conditions", e.getMessage())));
    }
  }

  /**
   * Refuses a decision by anyone the policy does not let approve, judged on the vouched actor: a
   * request's {@code /approval} hands out a cluster identity, so it needs the same right as the
   * gateway's PUT to it, whoever sent the Update.
   */
  private static void requireApprover(Actor actor, CertificateSigningRequest csr) {
    Subresource approval =
        CertificateKinds.CERTIFICATE_SIGNING_REQUEST
            .subresource(CertificateKinds.APPROVAL, Subresource.Verb.PUT)
            .orElseThrow(() -> new IllegalStateException("no approval subresource"));
    EntityAuthority.requireCall(CertificateKinds.CERTIFICATE_SIGNING_REQUEST, approval, actor, csr);
  }

  @Override
  public CertificateSigningRequest approval(CertificateSigningRequest body, Actor actor) {
    Optional<CsrApproval> judged = CsrApproval.judge(csr, body, actor);
    judged.ifPresent(d -> decide(d, actor));
    return csr;
  }

  @Override
  public void clusterAccepted(Actor actor) {
    if (csr != null && decision == null && isBootstrap()) {
      // The cluster is accepted already: its request follows, without deciding on it again.
      decide(CsrApproval.approvedBy(actor, "HubAcceptedManagedCluster"), null);
    }
  }

  /**
   * Records a decision. {@code person} is who decided on the request itself, whose decision the
   * cluster follows; null when the request follows the cluster's decision.
   */
  private void decide(CsrApproval approval, Actor person) {
    decision = approval;
    decidedBy = person;
    condition(approval.type(), approval.reason(), approval.message());
    ObjectChanges.bump(csr);
    Workflow.setCurrentDetails("**" + approval.type().toLowerCase() + "**: " + approval.message());
  }

  private void condition(String type, String reason, String message) {
    String now = EntityClock.now().toString();
    CertificateSigningRequestCondition condition = new CertificateSigningRequestCondition();
    condition.setType(type);
    condition.setStatus("True");
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setLastUpdateTime(now);
    condition.setLastTransitionTime(now);
    csr.getStatus().getConditions().add(condition);
  }

  /** A join request made with a bootstrap credential, on which the cluster's acceptance hangs. */
  private boolean isBootstrap() {
    String user = csr.getSpec().getUsername();
    List<String> groups = csr.getSpec().getGroups();
    return user != null
        && user.startsWith(ClusterNames.BOOTSTRAP_USER_PREFIX)
        && groups != null
        && groups.contains(ClusterNames.BOOTSTRAP_GROUP);
  }

  private void publish() {
    searchAttributes
        .set(FleetflowSearchAttributes.PHASE, CertificateKinds.condition(csr))
        .set(FleetflowSearchAttributes.CLUSTER, CertificateKinds.clusterOf(csr));
    searchAttributes.publish();
  }
}
