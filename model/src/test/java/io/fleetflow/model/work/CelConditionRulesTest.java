package io.fleetflow.model.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.model.work.ManifestWorkSpec.ConditionRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelConditionRulesTest {
  private static final Map<String, Object> JOB_DONE =
      Map.of(
          "status",
          Map.of(
              "succeeded", 1, "conditions", List.of(Map.of("type", "Complete", "status", "True"))));
  private static final Map<String, Object> JOB_RUNNING = Map.of("status", Map.of("active", 1));

  @Test
  void theWellKnownCompleteRuleOfAJobFollowsItsConditions() {
    ConditionRule complete =
        new ConditionRule("Complete", ConditionRule.WELL_KNOWN_CONDITIONS, null, null, null);

    Condition done = CelConditionRules.evaluate(complete, "batch", "Job", JOB_DONE);
    Condition running = CelConditionRules.evaluate(complete, "batch", "Job", JOB_RUNNING);

    assertThat(done.getType()).isEqualTo("Complete");
    assertThat(done.getStatus()).isEqualTo("True");
    assertThat(done.getReason()).isEqualTo("ConditionRuleEvaluated");
    assertThat(done.getMessage()).isEqualTo("Job is finished");
    assertThat(running.getStatus()).isEqualTo("False");
    assertThat(running.getMessage()).isEqualTo("Job is not finished");
  }

  @Test
  void theWellKnownCompleteRuleOfAPodFollowsItsPhase() {
    ConditionRule complete =
        new ConditionRule(null, ConditionRule.WELL_KNOWN_CONDITIONS, null, null, null);

    Condition succeeded =
        CelConditionRules.evaluate(
            complete, "", "Pod", Map.of("status", Map.of("phase", "Succeeded")));

    assertThat(succeeded.getStatus()).isEqualTo("True");
    assertThat(succeeded.getMessage()).isEqualTo("Pod is in phase Succeeded");
  }

  @Test
  void aWellKnownRuleOnAKindWithoutOneIsInvalidAndUnknown() {
    Condition c =
        CelConditionRules.evaluate(
            new ConditionRule("Complete", ConditionRule.WELL_KNOWN_CONDITIONS, null, null, null),
            "apps",
            "Deployment",
            Map.of());

    assertThat(c.getStatus()).isEqualTo("Unknown");
    assertThat(c.getReason()).isEqualTo("ConditionRuleInvalid");
  }

  @Test
  void celExpressionsMustAllBeTrueAndTheMessageExpressionSeesTheResult() {
    ConditionRule ready =
        new ConditionRule(
            "Ready",
            ConditionRule.CEL,
            List.of(
                "object.status.readyReplicas >= 1",
                "object.status.readyReplicas == object.spec.replicas"),
            null,
            "result ? 'ready' : 'ready ' + string(object.status.readyReplicas) + ' of ' + string(object.spec.replicas)");
    Map<String, Object> partly =
        Map.of("spec", Map.of("replicas", 3), "status", Map.of("readyReplicas", 2));
    Map<String, Object> fully =
        Map.of("spec", Map.of("replicas", 3), "status", Map.of("readyReplicas", 3));

    Condition notYet = CelConditionRules.evaluate(ready, "apps", "Deployment", partly);
    Condition yes = CelConditionRules.evaluate(ready, "apps", "Deployment", fully);

    assertThat(notYet.getStatus()).isEqualTo("False");
    assertThat(notYet.getMessage()).isEqualTo("ready 2 of 3");
    assertThat(yes.getStatus()).isEqualTo("True");
    assertThat(yes.getMessage()).isEqualTo("ready");
  }

  @Test
  void anExpressionThatFailsOnTheObjectGivesAnExpressionError() {
    ConditionRule rule =
        new ConditionRule(
            "Ready", ConditionRule.CEL, List.of("object.status.missing > 1"), null, null);

    Condition c = CelConditionRules.evaluate(rule, "", "ConfigMap", Map.of("status", Map.of()));

    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("ConditionRuleExpressionError");
    assertThat(c.getMessage()).contains("missing");
  }

  @Test
  void withoutMessagesTheRuleSaysWhetherTheManifestIsInTheCondition() {
    ConditionRule rule =
        new ConditionRule("Ready", ConditionRule.CEL, List.of("has(object.data)"), null, null);

    assertThat(
            CelConditionRules.evaluate(rule, "", "ConfigMap", Map.of("data", Map.of()))
                .getMessage())
        .isEqualTo("Manifest is Ready");
  }
}
