package io.fleetflow.model.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ApplyOrderTest {
  @Test
  void aWorkIsAppliedFromNamespacesToWebhooks() {
    List<String> expected =
        List.of(
            "Namespace",
            "ServiceAccount",
            "ConfigMap",
            "Service",
            "Deployment",
            "Widget",
            "ValidatingWebhookConfiguration");
    List<String> kinds = new ArrayList<>(expected);
    Collections.shuffle(kinds, new Random(7));
    Collections.reverse(kinds);

    kinds.sort(Comparator.comparingInt(ApplyOrder::rank));

    assertThat(kinds).containsExactlyElementsOf(expected);
  }

  @Test
  void eachStepComesStrictlyBeforeTheNext() {
    assertThat(ApplyOrder.rank("Namespace")).isLessThan(ApplyOrder.rank("ServiceAccount"));
    assertThat(ApplyOrder.rank("ServiceAccount")).isLessThan(ApplyOrder.rank("ConfigMap"));
    assertThat(ApplyOrder.rank("ConfigMap")).isLessThan(ApplyOrder.rank("Service"));
    assertThat(ApplyOrder.rank("Service")).isLessThan(ApplyOrder.rank("Deployment"));
    assertThat(ApplyOrder.rank("Deployment")).isLessThan(ApplyOrder.rank("Widget"));
    assertThat(ApplyOrder.rank("Widget"))
        .isLessThan(ApplyOrder.rank("ValidatingWebhookConfiguration"));
  }

  @Test
  void rbacKindsShareTheirStepAfterNamespaces() {
    int serviceAccount = ApplyOrder.rank("ServiceAccount");

    assertThat(List.of("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"))
        .allSatisfy(kind -> assertThat(ApplyOrder.rank(kind)).isEqualTo(serviceAccount));
    assertThat(ApplyOrder.rank("Namespace")).isLessThan(ApplyOrder.rank("RoleBinding"));
  }

  @Test
  void crdsComeFirstSoThatCustomResourcesFindTheirDefinition() {
    assertThat(ApplyOrder.rank("CustomResourceDefinition")).isEqualTo(ApplyOrder.rank("Namespace"));
    assertThat(ApplyOrder.rank("CustomResourceDefinition"))
        .isLessThan(ApplyOrder.rank("MyCustomThing"));
  }

  @Test
  void everyWebhookKindComesAfterEveryOtherKind() {
    int lastNonWebhook =
        List.of("Namespace", "Secret", "Ingress", "CronJob", "HorizontalPodAutoscaler", "Widget")
            .stream()
            .mapToInt(ApplyOrder::rank)
            .max()
            .orElseThrow();

    assertThat(
            List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService"))
        .allSatisfy(kind -> assertThat(ApplyOrder.rank(kind)).isGreaterThan(lastNonWebhook));
  }
}
