package io.fleetflow.model.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/** A set needs a placement and a valid action template, reported under spec.actionTemplate. */
class ManagedClusterActionSetValidatorTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final ManagedClusterActionSetValidator validator = new ManagedClusterActionSetValidator();

  @Test
  void aSetWithAPlacementAndAValidTemplateIsValid() throws Exception {
    assertThat(
            validator.validateCreate(
                set(
                    "{placementRef: {name: all}, actionTemplate: {actionType: Delete, kube:"
                        + " {resource: configmaps, namespace: default, name: x}}}")))
        .isEmpty();
  }

  @Test
  void aSetWithoutAPlacementOrATemplateIsRefused() throws Exception {
    assertThat(validator.validateCreate(set("{}")))
        .extracting(e -> e.field())
        .containsExactly("spec.placementRef.name", "spec.actionTemplate");
  }

  @Test
  void theTemplatesErrorsNameTheirFieldInTheSet() throws Exception {
    assertThat(
            validator.validateCreate(
                set("{placementRef: {name: all}, actionTemplate: {actionType: Restart}}")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.actionTemplate.actionType");
              assertThat(e.message()).contains("Create, Update, Delete");
            });
  }

  @Test
  void aSetsSpecCannotChange() throws Exception {
    String spec =
        "{placementRef: {name: all}, actionTemplate: {actionType: Delete, kube: {resource:"
            + " configmaps, namespace: default, name: %s}}}";
    assertThat(validator.validateUpdate(set(spec.formatted("x")), set(spec.formatted("y"))))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("a set runs once"));
  }

  private static ManagedClusterActionSet set(String spec) throws Exception {
    return YAML.readValue(
        """
        apiVersion: fleetflow.io/v1alpha1
        kind: ManagedClusterActionSet
        metadata: {name: s1, namespace: ops}
        spec: %s
        """
            .formatted(spec),
        ManagedClusterActionSet.class);
  }
}
