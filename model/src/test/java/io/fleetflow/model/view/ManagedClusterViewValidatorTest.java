package io.fleetflow.model.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fleetflow.model.validation.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The foundation API's view YAML as users write it, and the views Fleetflow refuses. */
class ManagedClusterViewValidatorTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final ManagedClusterViewValidator validator = new ManagedClusterViewValidator();

  @Test
  void theFoundationApisExampleIsValid() throws Exception {
    ManagedClusterView view =
        YAML.readValue(
            """
            apiVersion: view.open-cluster-management.io/v1beta1
            kind: ManagedClusterView
            metadata: {name: getdeployment, namespace: cluster1}
            spec:
              scope:
                apiGroup: apps
                kind: Deployment
                version: v1
                name: web
                namespace: default
                updateIntervalSeconds: 30
            """,
            ManagedClusterView.class);
    assertThat(validator.validateCreate(view)).isEmpty();
    assertThat(view.getSpec().getScope().describeType()).isEqualTo("Deployment.apps");
    assertThat(view.getSpec().getScope().describeObject()).isEqualTo("default/web");
  }

  /** Each row: the scope, the field refused, and words of the message. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          kind: ConfigMap, version: v1, namespace: default                 | spec.scope.name      | name the object
          version: v1, namespace: default, name: x                         | spec.scope.kind      | or its resource
          kind: ConfigMap, name: Not_A_Name                                | spec.scope.name      | is not a valid name
          kind: ConfigMap, name: x, namespace: No                          | spec.scope.namespace | is not a valid
          kind: Secret, version: v1, namespace: default, name: token        | spec.scope           | may not show a Secret
          resource: secrets, namespace: default, name: token               | spec.scope           | may not show a Secret
          kind: ConfigMap, name: x, namespace: d, updateIntervalSeconds: -1 | spec.scope.updateIntervalSeconds | 0 or more
          """)
  void badScopesAreRefusedWithTheFieldToFix(String scope, String field, String words)
      throws Exception {
    List<FieldError> errors = validator.validateCreate(view("spec: {scope: {" + scope + "}}"));
    assertThat(errors)
        .anySatisfy(
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.message()).contains(words);
            });
  }

  @Test
  void aViewWithoutAScopeIsRefusedWithAnExample() throws Exception {
    assertThat(validator.validateCreate(view("spec: {}")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.scope");
              assertThat(e.reason()).isEqualTo("FieldValueRequired");
              assertThat(e.message()).contains("kind: Deployment");
            });
  }

  @Test
  void aSecretOfAnotherGroupIsNotACoreSecret() throws Exception {
    assertThat(
            validator.validateCreate(
                view("spec: {scope: {apiGroup: example.com, kind: Secret, name: s1}}")))
        .isEmpty();
  }

  @Test
  void theExecutorAnnotationMustNameANamespaceAndAServiceAccount() throws Exception {
    ManagedClusterView view = view("spec: {scope: {kind: ConfigMap, namespace: d, name: x}}");
    view.getMetadata()
        .setAnnotations(java.util.Map.of("fleetflow.io/executor-service-account", "reader"));
    assertThat(validator.validateCreate(view))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("<namespace>/<serviceaccount>"));
    view.getMetadata()
        .setAnnotations(java.util.Map.of("fleetflow.io/executor-service-account", "ops/reader"));
    assertThat(validator.validateCreate(view)).isEmpty();
  }

  private static ManagedClusterView view(String spec) throws Exception {
    return YAML.readValue(
        """
        apiVersion: view.open-cluster-management.io/v1beta1
        kind: ManagedClusterView
        metadata: {name: v1, namespace: cluster1}
        """
            + spec,
        ManagedClusterView.class);
  }
}
