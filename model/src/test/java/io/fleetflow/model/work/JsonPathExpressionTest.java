package io.fleetflow.model.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonPathExpressionTest {
  private static final Map<String, Object> DEPLOYMENT =
      Map.of(
          "spec",
          Map.of(
              "replicas",
              3,
              "template",
              Map.of(
                  "spec",
                  Map.of(
                      "containers",
                      List.of(
                          Map.of("name", "web", "image", "nginx:1.27"),
                          Map.of("name", "sidecar", "image", "envoy:1"))))),
          "status",
          Map.of(
              "readyReplicas",
              2,
              "conditions",
              List.of(
                  Map.of("type", "Available", "status", "False"),
                  Map.of("type", "Progressing", "status", "True"))));

  @Test
  void aFieldPathReadsOneValue() {
    assertThat(JsonPathExpression.parse(".status.readyReplicas").evaluate(DEPLOYMENT))
        .containsExactly(2);
    assertThat(JsonPathExpression.parse("{.spec.replicas}").evaluate(DEPLOYMENT))
        .containsExactly(3);
  }

  @Test
  void aFilterSelectsTheConditionOfOneType() {
    assertThat(
            JsonPathExpression.parse(".status.conditions[?(@.type==\"Progressing\")].status")
                .evaluate(DEPLOYMENT))
        .containsExactly("True");
    assertThat(
            JsonPathExpression.parse(".status.conditions[?(@.status != 'True')].type")
                .evaluate(DEPLOYMENT))
        .containsExactly("Available");
  }

  @Test
  void indexesAndWildcardsWalkLists() {
    assertThat(
            JsonPathExpression.parse(".spec.template.spec.containers[1].image")
                .evaluate(DEPLOYMENT))
        .containsExactly("envoy:1");
    assertThat(
            JsonPathExpression.parse(".spec.template.spec.containers[*].name").evaluate(DEPLOYMENT))
        .containsExactly("web", "sidecar");
    assertThat(JsonPathExpression.parse("$.spec['replicas']").evaluate(DEPLOYMENT))
        .containsExactly(3);
  }

  @Test
  void aMissingKeyGivesNoValueRatherThanAnError() {
    assertThat(JsonPathExpression.parse(".status.availableReplicas").evaluate(DEPLOYMENT))
        .isEmpty();
    assertThat(JsonPathExpression.parse(".status.conditions[7].type").evaluate(DEPLOYMENT))
        .isEmpty();
  }

  @Test
  void malformedPathsAreRefusedWithWhereTheProblemIs() {
    assertThatThrownBy(() -> JsonPathExpression.parse(".status.conditions[?(@.type=\"x\")]"))
        .hasMessageContaining("unknown operator \"=\"");
    assertThatThrownBy(() -> JsonPathExpression.parse(".status[1:2]"))
        .hasMessageContaining("only a single index");
    assertThatThrownBy(() -> JsonPathExpression.parse(".status[0"))
        .hasMessageContaining("expected ']'");
    assertThatThrownBy(() -> JsonPathExpression.parse("")).hasMessageContaining("empty");
  }
}
