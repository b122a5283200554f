package io.fleetflow.model.takeover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fleetflow.model.validation.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A profile is refused with one clear error per problem, and the shipped default is valid. */
class ClusterTakeoverProfileValidatorTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private final ClusterTakeoverProfileValidator validator = new ClusterTakeoverProfileValidator();

  @Test
  void theDefaultProfileIsValidAndHasTwelveResources() {
    ClusterTakeoverProfile profile = DefaultTakeoverProfile.load();

    assertThat(validator.validateCreate(profile)).isEmpty();
    assertThat(profile.getSpec().getResources()).hasSize(12);
    assertThat(profile.getMetadata().getName()).isEqualTo(ClusterTakeoverProfile.DEFAULT);
  }

  @Test
  void anUnknownKindIsRefusedWithTheSupportedKinds() throws Exception {
    List<FieldError> errors =
        validator.validateCreate(
            read(
                """
                metadata: {name: default}
                spec:
                  resources:
                    - {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: x}}
                """));

    assertThat(errors)
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly(tuple("spec.resources[0].kind", "FieldValueNotSupported"));
    assertThat(errors.get(0).message()).contains("\"Pod\"").contains("ConfigMap");
  }

  @Test
  void aResourceWithoutNameOrANamespacedOneWithoutNamespaceIsRefused() throws Exception {
    List<FieldError> errors =
        validator.validateCreate(
            read(
                """
                metadata: {name: default}
                spec:
                  resources:
                    - {apiVersion: v1, kind: Namespace, metadata: {}}
                    - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}}
                    - {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole,
                       metadata: {name: r, namespace: oops}}
                """));

    assertThat(errors)
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly(
            tuple("spec.resources[0].metadata.name", "FieldValueRequired"),
            tuple("spec.resources[1].metadata.namespace", "FieldValueRequired"),
            tuple("spec.resources[2].metadata.namespace", "FieldValueForbidden"));
    assertThat(errors.get(1).message()).contains("ConfigMap settings is namespaced");
  }

  @Test
  void duplicateResourcesAndDuplicateOverridesAreRefused() throws Exception {
    List<FieldError> errors =
        validator.validateCreate(
            read(
                """
                metadata: {name: default}
                spec:
                  resources:
                    - {apiVersion: v1, kind: Namespace, metadata: {name: a}}
                    - {apiVersion: v1, kind: Namespace, metadata: {name: a}}
                  overrides:
                    - clusterSet: edge
                      resources:
                        - {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: a}}
                    - clusterSet: edge
                """));

    assertThat(errors)
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly(
            tuple("spec.resources[1]", "FieldValueDuplicate"),
            tuple("spec.overrides[1].clusterSet", "FieldValueDuplicate"));
    assertThat(errors.get(0).message()).contains("Namespace a appears twice");
  }

  @Test
  void theNameCannotChange() throws Exception {
    ClusterTakeoverProfile current = read("metadata: {name: default}\nspec: {}\n");
    ClusterTakeoverProfile renamed = read("metadata: {name: other}\nspec: {}\n");

    assertThat(validator.validateUpdate(current, renamed))
        .extracting(FieldError::field)
        .containsExactly("metadata.name");
  }

  static ClusterTakeoverProfile read(String yaml) throws Exception {
    return YAML.readValue(
        "apiVersion: fleetflow.io/v1alpha1\nkind: ClusterTakeoverProfile\n" + yaml,
        ClusterTakeoverProfile.class);
  }
}
