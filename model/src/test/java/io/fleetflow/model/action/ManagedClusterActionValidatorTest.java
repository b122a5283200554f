package io.fleetflow.model.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fleetflow.model.validation.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The foundation API's action YAML as users write it, and the actions Fleetflow refuses. */
class ManagedClusterActionValidatorTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final ManagedClusterActionValidator validator = new ManagedClusterActionValidator();

  @Test
  void theFoundationApisExamplesAreValid() throws Exception {
    assertThat(
            validator.validateCreate(
                action(
                    """
                    actionType: Create
                    kube:
                      namespace: default
                      template:
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: nginx}
                        spec: {replicas: 1}
                    """)))
        .isEmpty();
    assertThat(
            validator.validateCreate(
                action(
                    "actionType: Delete\nkube: {resource: deployments, namespace: default, name:"
                        + " nginx}\n")))
        .isEmpty();
  }

  /** Each row: the spec, the field refused, and words of the message. */
  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {actionType: Restart, kube: {resource: pods, name: p}}                                               | spec.actionType | Unsupported value: "Restart"
          {kube: {resource: pods, name: p}}                                                                     | spec.actionType | Create, Update, Delete
          {actionType: Delete}                                                                                  | spec.kube | name the object
          {actionType: Delete, kube: {name: p}}                                                                 | spec.kube.resource | a Delete names the resource
          {actionType: Delete, kube: {resource: pods}}                                                          | spec.kube.name | a Delete names the object
          {actionType: Create, kube: {namespace: default}}                                                      | spec.kube.template | needs the object's template
          {actionType: Update, kube: {template: {apiVersion: v1, metadata: {name: x}}}}                         | spec.kube.template.kind | give the kind
          {actionType: Create, kube: {template: {apiVersion: v1, kind: ConfigMap, metadata: {}}}}               | spec.kube.template.metadata.name | give the name
          {actionType: Create, kube: {namespace: a, template: {apiVersion: v1, kind: ConfigMap, metadata: {name: x, namespace: b}}}} | spec.kube.template.metadata.namespace | the template is in namespace "b" but the action acts in "a"
          {actionType: Create, kube: {template: {apiVersion: v1, kind: Secret, metadata: {name: s}}}}           | spec.kube.template | may not write a Secret
          """)
  void badActionsAreRefusedWithTheFieldToFix(String spec, String field, String words)
      throws Exception {
    List<FieldError> errors = validator.validateCreate(action(spec));
    assertThat(errors)
        .anySatisfy(
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.message()).contains(words);
            });
  }

  @Test
  void anActionsSpecCannotChangeButItsLabelsMay() throws Exception {
    ManagedClusterAction current = action("actionType: Delete\nkube: {resource: pods, name: p}\n");
    ManagedClusterAction relabelled =
        action("actionType: Delete\nkube: {resource: pods, name: p}\n");
    relabelled.getMetadata().setLabels(java.util.Map.of("team", "a"));
    assertThat(validator.validateUpdate(current, relabelled)).isEmpty();

    ManagedClusterAction changed = action("actionType: Delete\nkube: {resource: pods, name: q}\n");
    assertThat(validator.validateUpdate(current, changed))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("an action runs once"));
  }

  @Test
  void theApprovalTimeoutIsAPositiveNumberOfSeconds() throws Exception {
    ManagedClusterAction gated = action("actionType: Delete\nkube: {resource: pods, name: p}\n");
    gated
        .getMetadata()
        .setAnnotations(java.util.Map.of(ManagedClusterAction.APPROVAL_TIMEOUT, "1h"));
    assertThat(validator.validateCreate(gated))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("positive whole number"));
    gated
        .getMetadata()
        .setAnnotations(java.util.Map.of(ManagedClusterAction.APPROVAL_TIMEOUT, "3600"));
    assertThat(validator.validateCreate(gated)).isEmpty();
    assertThat(ManagedClusterAction.approvalSeconds(gated)).isEqualTo(3600);
  }

  private static ManagedClusterAction action(String spec) throws Exception {
    return YAML.readValue(
        """
        apiVersion: action.open-cluster-management.io/v1beta1
        kind: ManagedClusterAction
        metadata: {name: a1, namespace: cluster1}
        spec:
        """
            + spec.indent(2),
        ManagedClusterAction.class);
  }
}
