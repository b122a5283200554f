package io.fleetflow.model.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fleetflow.model.validation.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kubernetes' validation of RBAC objects, field by field, with its reasons. */
class RbacValidatorsTest {
  @Test
  void aRuleNeedsVerbsAndGroupsWithResourcesAndARoleNoUrls() {
    var role =
        new RoleBuilder()
            .withNewMetadata()
            .withNamespace("team-a")
            .withName("broken")
            .endMetadata()
            .withRules(
                new PolicyRuleBuilder().withResources("manifestworks").build(),
                new PolicyRuleBuilder().withVerbs("get").withNonResourceURLs("/metrics").build())
            .build();

    assertThat(RbacKinds.ROLE.validator().validateCreate(role))
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rules[0].verbs", "FieldValueRequired"),
            org.assertj.core.groups.Tuple.tuple("rules[0].apiGroups", "FieldValueRequired"),
            org.assertj.core.groups.Tuple.tuple("rules[1].nonResourceURLs", "FieldValueInvalid"));
  }

  @Test
  void unknownVerbsAndResourcesAreAcceptedAsKubernetesAcceptsThem() {
    var role =
        new RoleBuilder()
            .withNewMetadata()
            .withNamespace("team-a")
            .withName("odd")
            .endMetadata()
            .withRules(
                new PolicyRuleBuilder()
                    .withVerbs("aprove")
                    .withApiGroups("work.open-cluster-management.io")
                    .withResources("manifestwerks")
                    .build())
            .build();

    assertThat(RbacKinds.ROLE.validator().validateCreate(role)).isEmpty();
  }

  @Test
  void aBindingNamesARoleOfAKindItMayBindAndKnownSubjects() {
    var binding =
        new ClusterRoleBindingBuilder()
            .withNewMetadata()
            .withName("b")
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "Role", "r")
            .addNewSubject()
            .withKind("Robot")
            .withName("r2d2")
            .endSubject()
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName("sa")
            .endSubject()
            .build();

    assertThat(RbacKinds.CLUSTER_ROLE_BINDING.validator().validateCreate(binding))
        .extracting(FieldError::field)
        .containsExactly("roleRef.kind", "subjects[0].kind", "subjects[1].namespace");
  }

  @Test
  void aBindingsRoleRefNeverChanges() {
    RoleBinding current = binding("viewer");
    RoleBinding proposed = binding("admin");
    current.getMetadata().setResourceVersion("3");
    proposed.getMetadata().setResourceVersion("3");

    List<FieldError> errors = RbacKinds.ROLE_BINDING.validator().validateUpdate(current, proposed);
    assertThat(errors).extracting(FieldError::field).containsExactly("roleRef");
    assertThat(errors.get(0).message()).contains("cannot change roleRef");
  }

  private static RoleBinding binding(String role) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withNamespace("team-a")
        .withName("b")
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
        .addNewSubject()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Group")
        .withName("team-a")
        .endSubject()
        .build();
  }
}
