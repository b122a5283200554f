package io.fleetflow.model.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fleetflow.model.meta.Actor;
import java.util.List;
import java.util.Optional;

/**
 * What a PUT to a request's {@code /approval} decides, judged against the request as it stands: the
 * body must add exactly one {@code Approved} or {@code Denied} condition (status {@code True}), a
 * decided request stays decided (Kubernetes refuses to approve a denied request and the other way
 * round; repeating the same decision changes nothing), and who decided, when and why is kept in the
 * condition's message.
 *
 * @param type {@link CertificateKinds#APPROVED} or {@link CertificateKinds#DENIED}
 * @param reason the condition's reason (the client's, or OCM's default)
 * @param message the condition's message, naming the user and their reason
 */
public record CsrApproval(String type, String reason, String message) {

  /**
   * Reads the decision a PUT body asks for.
   *
   * @return the decision, or empty when the request already holds it (nothing to change)
   * @throws IllegalArgumentException with a message for the client when the body decides nothing,
   *     both, or the opposite of an earlier decision
   */
  public static Optional<CsrApproval> judge(
      CertificateSigningRequest current, CertificateSigningRequest body, Actor actor) {
    List<CertificateSigningRequestCondition> asked =
        body == null || body.getStatus() == null || body.getStatus().getConditions() == null
            ? List.of()
            : body.getStatus().getConditions().stream()
                .filter(c -> isDecision(c.getType()) && "True".equals(c.getStatus()))
                .toList();
    List<String> types =
        asked.stream().map(CertificateSigningRequestCondition::getType).distinct().toList();
    if (types.isEmpty()) {
      throw new IllegalArgumentException(
          "status.conditions must hold an Approved or Denied condition with status True");
    }
    // kubectl sends the object as it read it with its condition added: what counts is what it adds.
    List<String> added = types.stream().filter(t -> !CertificateKinds.has(current, t)).toList();
    if (added.isEmpty()) {
      return Optional.empty();
    }
    if (added.size() > 1) {
      throw new IllegalArgumentException(
          "a request cannot be both Approved and Denied; send one of them");
    }
    String type = added.get(0);
    String opposite =
        type.equals(CertificateKinds.APPROVED)
            ? CertificateKinds.DENIED
            : CertificateKinds.APPROVED;
    if (CertificateKinds.has(current, opposite)) {
      throw new IllegalArgumentException(
          "the request is already "
              + opposite
              + " and that decision is final; a cluster asks again with a new request");
    }
    CertificateSigningRequestCondition condition =
        asked.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    String reason =
        condition.getReason() == null || condition.getReason().isBlank()
            ? (type.equals(CertificateKinds.APPROVED) ? "Approved" : "Denied")
            : condition.getReason();
    return Optional.of(new CsrApproval(type, reason, message(type, condition, actor)));
  }

  /** A decision Fleetflow takes itself, for example on a cluster's acceptance. */
  public static CsrApproval approvedBy(Actor actor, String reason) {
    return new CsrApproval(
        CertificateKinds.APPROVED, reason, "approved by " + actor.user() + why(actor.reason()));
  }

  /** Whether the decision approves. */
  public boolean approved() {
    return CertificateKinds.APPROVED.equals(type);
  }

  private static boolean isDecision(String type) {
    return CertificateKinds.APPROVED.equals(type) || CertificateKinds.DENIED.equals(type);
  }

  private static String message(
      String type, CertificateSigningRequestCondition condition, Actor actor) {
    String verb = type.equals(CertificateKinds.APPROVED) ? "approved" : "denied";
    String said = condition.getMessage() == null ? "" : condition.getMessage().strip();
    String why = actor.reason() != null && !actor.reason().isBlank() ? actor.reason() : said;
    return verb + " by " + actor.user() + why(why);
  }

  private static String why(String reason) {
    return reason == null || reason.isBlank() ? "" : ": " + reason;
  }
}
