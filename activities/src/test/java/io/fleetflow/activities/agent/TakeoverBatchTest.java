package io.fleetflow.activities.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.takeover.TakeoverResources;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A takeover install in one call: its steps in order, and where it stopped when one failed. */
class TakeoverBatchTest {
  private static final TakeoverBatch BATCH =
      new TakeoverBatch(
          List.of(resource("Namespace", "agent"), resource("ClusterRole", "agent"), config()),
          List.of(resource("Namespace", "old-tools"), resource("ClusterRole", "old")));

  static Stream<Arguments> failingSteps() {
    return Stream.of(
        Arguments.of(Set.of(), null),
        Arguments.of(Set.of("Namespace agent"), new TakeoverBatch.Refusal("Namespace agent", 0, 0)),
        Arguments.of(
            Set.of("ConfigMap agent/settings"),
            new TakeoverBatch.Refusal("ConfigMap agent/settings", 2, 0)),
        Arguments.of(Set.of("ClusterRole old"), new TakeoverBatch.Refusal("ClusterRole old", 3, 1)),
        Arguments.of(
            Set.of("ClusterRole agent", "ClusterRole old"),
            new TakeoverBatch.Refusal("ClusterRole agent", 1, 0)));
  }

  @ParameterizedTest
  @MethodSource("failingSteps")
  void stepsRunInOrderUntilTheFirstThatTheClusterRefuses(
      Set<String> refused, TakeoverBatch.Refusal expected) {
    List<String> steps = new ArrayList<>();
    List<String> heartbeats = new ArrayList<>();

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                BATCH.apply(
                    r -> {
                      step("install", r, refused, steps);
                      return new ResourceResult(null, "uid", true, true, "Installed", r.getKind());
                    },
                    r -> step("uninstall", r, refused, steps),
                    heartbeats::add));

    List<String> all =
        List.of(
            "install Namespace agent",
            "install ClusterRole agent",
            "install ConfigMap agent/settings",
            "uninstall Namespace old-tools",
            "uninstall ClusterRole old");
    if (expected == null) {
      assertThat(failure).isNull();
      assertThat(steps).isEqualTo(all);
    } else {
      assertThat(failure.getType()).isEqualTo(TakeoverBatch.REFUSED);
      assertThat(failure.isNonRetryable()).isFalse();
      assertThat(failure.getOriginalMessage())
          .contains(expected.resource())
          .contains("forbidden by the test");
      assertThat(failure.getDetails().get(TakeoverBatch.Refusal.class)).isEqualTo(expected);
      int stopped = expected.installed() + expected.uninstalled() + 1;
      assertThat(steps).isEqualTo(all.subList(0, stopped));
    }
    assertThat(heartbeats)
        .isEqualTo(steps.stream().map(s -> s.substring(s.indexOf(' ') + 1)).toList());
  }

  private static void step(
      String verb, GenericKubernetesResource r, Set<String> refused, List<String> steps) {
    String key = TakeoverResources.key(r);
    steps.add(verb + " " + key);
    if (refused.contains(key)) {
      throw new IllegalStateException("forbidden by the test");
    }
  }

  private static GenericKubernetesResource config() {
    GenericKubernetesResource config = resource("ConfigMap", "settings");
    config.getMetadata().setNamespace("agent");
    return config;
  }

  private static GenericKubernetesResource resource(String kind, String name) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(kind.equals("ClusterRole") ? "rbac.authorization.k8s.io/v1" : "v1");
    r.setKind(kind);
    r.setMetadata(new ObjectMeta());
    r.getMetadata().setName(name);
    return r;
  }
}
