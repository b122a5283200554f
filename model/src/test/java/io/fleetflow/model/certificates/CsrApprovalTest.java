package io.fleetflow.model.certificates;

import static io.fleetflow.model.certificates.CertificateKinds.APPROVED;
import static io.fleetflow.model.certificates.CertificateKinds.DENIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestStatus;
import io.fleetflow.model.meta.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of what a PUT to {@code /approval} decides: the condition the body adds to those the
 * request holds, once, and never the opposite of an earlier decision.
 */
class CsrApprovalTest {
  private static final Actor ADA = new Actor("ada", List.of("fleetflow:admins"), null);

  /** Rows: the request's decisions, the body's decisions (kubectl keeps the old ones), outcome. */
  static Stream<Arguments> decisions() {
    return Stream.of(
        Arguments.of(List.of(), List.of(APPROVED), APPROVED),
        Arguments.of(List.of(), List.of(DENIED), DENIED),
        Arguments.of(List.of(APPROVED), List.of(APPROVED), "nothing to change"),
        Arguments.of(List.of(DENIED), List.of(DENIED), "nothing to change"),
        Arguments.of(List.of(APPROVED), List.of(APPROVED, DENIED), "already Approved"),
        Arguments.of(List.of(DENIED), List.of(DENIED, APPROVED), "already Denied"),
        Arguments.of(List.of(DENIED), List.of(APPROVED), "already Denied"),
        Arguments.of(List.of(), List.of(APPROVED, DENIED), "both Approved and Denied"),
        Arguments.of(List.of(), List.of(), "must hold an Approved or Denied condition"));
  }

  @ParameterizedTest(name = "a request holding {0}, sent {1}: {2}")
  @MethodSource("decisions")
  void whatABodyDecides(List<String> held, List<String> sent, String outcome) {
    CertificateSigningRequest current = request(held);
    CertificateSigningRequest body = request(sent);

    if (outcome.equals(APPROVED) || outcome.equals(DENIED)) {
      assertThat(CsrApproval.judge(current, body, ADA).map(CsrApproval::type)).contains(outcome);
    } else if (outcome.equals("nothing to change")) {
      assertThat(CsrApproval.judge(current, body, ADA)).isEmpty();
    } else {
      assertThatThrownBy(() -> CsrApproval.judge(current, body, ADA))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(outcome);
    }
  }

  @Test
  void aConditionThatIsNotTrueDecidesNothing() {
    CertificateSigningRequest body = request(List.of(APPROVED));
    body.getStatus().getConditions().get(0).setStatus("False");

    assertThatThrownBy(() -> CsrApproval.judge(request(List.of()), body, ADA))
        .hasMessageContaining("with status True");
  }

  @Test
  void theDecisionKeepsTheClientsReasonAndNamesWhoDecidedAndWhy() {
    CertificateSigningRequest body = request(List.of(APPROVED));
    body.getStatus().getConditions().get(0).setReason("KubectlApprove");
    body.getStatus().getConditions().get(0).setMessage("checked the cluster's owner");

    Optional<CsrApproval> decision = CsrApproval.judge(request(List.of()), body, ADA);

    assertThat(decision)
        .contains(
            new CsrApproval(
                APPROVED, "KubectlApprove", "approved by ada: checked the cluster's owner"));
  }

  @Test
  void aDenialWithoutAReasonGetsOcmsDefaultAndTheActorsReasonWins() {
    Actor withReason = new Actor("ada", List.of("fleetflow:admins"), "unknown owner");

    Optional<CsrApproval> decision =
        CsrApproval.judge(request(List.of()), request(List.of(DENIED)), withReason);

    assertThat(decision)
        .contains(new CsrApproval(DENIED, "Denied", "denied by ada: unknown owner"));
    assertThat(decision.orElseThrow().approved()).isFalse();
  }

  private static CertificateSigningRequest request(List<String> decisions) {
    List<CertificateSigningRequestCondition> conditions = new ArrayList<>();
    for (String type : decisions) {
      CertificateSigningRequestCondition condition = new CertificateSigningRequestCondition();
      condition.setType(type);
      condition.setStatus("True");
      conditions.add(condition);
    }
    CertificateSigningRequest csr = new CertificateSigningRequest();
    csr.setStatus(new CertificateSigningRequestStatus(null, conditions));
    return csr;
  }
}
