package io.fleetflow.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.work.ManifestWork;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SelectorTest {
  private static final ManagedCluster DEV_EU =
      cluster("dev-eu", Map.of("env", "dev", "region", "eu", "gpu", "true"));
  private static final ManagedCluster PROD_EU =
      cluster("prod-eu", Map.of("env", "prod", "region", "eu"));
  private static final ManagedCluster PROD_US =
      cluster("prod-us", Map.of("env", "prod", "region", "us"));
  private static final ManagedCluster UNLABELLED = cluster("bare", null);
  private static final List<HasMetadata> FLEET = List.of(DEV_EU, PROD_EU, PROD_US, UNLABELLED);

  @ParameterizedTest(name = "labelSelector {0} selects {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "env=prod                     | prod-eu,prod-us",
        "env==prod                    | prod-eu,prod-us",
        "env != prod                  | dev-eu,bare",
        "gpu                          | dev-eu",
        "!gpu                         | prod-eu,prod-us,bare",
        "region in (eu,us)            | dev-eu,prod-eu,prod-us",
        "region in ( us )             | prod-us",
        "region notin (eu)            | prod-us,bare",
        "env=prod,region=eu           | prod-eu",
        "env=prod, region in (eu, us) | prod-eu,prod-us",
        "region in (eu,us),!gpu       | prod-eu,prod-us",
        "env notin (dev),region       | prod-eu,prod-us",
        "env=staging                  | ''",
      })
  void labelSelectorsSelectAsKubectlDoes(String selector, String expected) {
    assertThat(names(Selector.parse(selector, null))).isEqualTo(expected.replace("''", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void noSelectorSelectsEverything(String blank) {
    assertThat(names(Selector.parse(blank, blank))).isEqualTo("dev-eu,prod-eu,prod-us,bare");
    assertThat(names(Selector.parse(null, null))).isEqualTo("dev-eu,prod-eu,prod-us,bare");
  }

  @Test
  void fieldSelectorsMatchNameAndNamespace() {
    ManifestWork helloOn1 = work("cluster1", "hello");
    ManifestWork helloOn2 = work("cluster2", "hello");
    ManifestWork byeOn1 = work("cluster1", "bye");
    List<HasMetadata> works = List.of(helloOn1, helloOn2, byeOn1);

    assertThat(works.stream().filter(Selector.parse(null, "metadata.name=hello")))
        .containsExactly(helloOn1, helloOn2);
    assertThat(works.stream().filter(Selector.parse(null, "metadata.namespace==cluster1")))
        .containsExactly(helloOn1, byeOn1);
    assertThat(works.stream().filter(Selector.parse(null, "metadata.namespace!=cluster1")))
        .containsExactly(helloOn2);
    assertThat(
            works.stream()
                .filter(Selector.parse(null, "metadata.namespace=cluster1,metadata.name!=bye")))
        .containsExactly(helloOn1);
  }

  @Test
  void labelAndFieldSelectorsMustBothMatch() {
    assertThat(names(Selector.parse("env=prod", "metadata.name=prod-us"))).isEqualTo("prod-us");
    assertThat(names(Selector.parse("env=dev", "metadata.name=prod-us"))).isEmpty();
  }

  @Test
  void anUnsupportedFieldIsABadRequestNamingTheSupportedFields() {
    assertThatThrownBy(() -> Selector.parse(null, "spec.hubAcceptsClient=true"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.reason()).isEqualTo("BadRequest");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "field label not supported: spec.hubAcceptsClient (supported:"
                          + " metadata.name, metadata.namespace)");
            });
  }

  @Test
  void aFieldSelectorWithoutAnOperatorIsABadRequest() {
    assertThatThrownBy(() -> Selector.parse(null, "metadata.name"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.getMessage()).contains("metadata.name");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"env prod", "region in (eu", "env=prod,(x)", "a&b"})
  void aGarbageLabelTermIsABadRequestThatShowsTheSupportedForms(String selector) {
    assertThatThrownBy(() -> Selector.parse(selector, null))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.reason()).isEqualTo("BadRequest");
              assertThat(e.getMessage())
                  .startsWith("unable to parse label selector term")
                  .contains("key in (a,b)");
            });
  }

  private static String names(Predicate<HasMetadata> selector) {
    return String.join(
        ",", FLEET.stream().filter(selector).map(o -> o.getMetadata().getName()).toList());
  }

  private static ManagedCluster cluster(String name, Map<String, String> labels) {
    ManagedCluster cluster = new ManagedCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withLabels(labels).build());
    return cluster;
  }

  private static ManifestWork work(String namespace, String name) {
    ManifestWork work = new ManifestWork();
    work.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    return work;
  }
}
