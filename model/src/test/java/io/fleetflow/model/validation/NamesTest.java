package io.fleetflow.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kubernetes' rules for label keys and values, at their limits and just past them. */
class NamesTest {
  private static final String A63 = "a".repeat(63);
  private static final String PREFIX253 = ("b".repeat(61) + ".").repeat(4) + "c".repeat(5);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "env",
        "Env_1.x-y",
        "app.kubernetes.io/name",
        "cluster.open-cluster-management.io/clusterset",
        "x",
        "example.com/a-b_c.d"
      })
  void validKeysPass(String key) {
    assertThat(Names.checkQualifiedName("metadata.labels", key)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/name",
        "example.com/",
        "-env",
        "env-",
        "env!",
        "two/slashes/here",
        "Example.com/name",
        "ex_ample.com/name",
        "a b",
        "ü"
      })
  void invalidKeysAreRefusedWithTheKeyNamed(String key) {
    assertThat(Names.checkQualifiedName("metadata.labels", key))
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.field()).isEqualTo("metadata.labels");
              assertThat(e.reason()).isEqualTo("FieldValueInvalid");
            });
  }

  @Test
  void aKeyNameOf63CharactersPassesAnd64AreRefused() {
    assertThat(Names.checkQualifiedName("f", A63)).isEmpty();
    assertThat(Names.checkQualifiedName("f", A63 + "a"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("no more than 63 characters, got 64"));
  }

  @Test
  void aPrefixOf253CharactersPassesAnd254AreRefused() {
    assertThat(PREFIX253).hasSize(253);
    assertThat(Names.checkQualifiedName("f", PREFIX253 + "/name")).isEmpty();
    assertThat(Names.checkQualifiedName("f", "d" + PREFIX253 + "/name"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("prefix must be a DNS subdomain"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "prod", "v1.2", "A_b-c.9", "x"})
  void validValuesPass(String value) {
    assertThat(Names.checkLabelValue("metadata.labels", "env", value)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-prod", "prod-", "a b", "a/b", "prod!", "ü", ".x"})
  void invalidValuesAreRefusedWithTheLabelNamed(String value) {
    assertThat(Names.checkLabelValue("metadata.labels", "env", value))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("of label \"env\""));
  }

  @Test
  void aValueOf63CharactersPassesAnd64AreRefusedAndNullIsRefused() {
    assertThat(Names.checkLabelValue("f", "k", A63)).isEmpty();
    assertThat(Names.checkLabelValue("f", "k", A63 + "a"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("no more than 63 characters, got 64"));
    assertThat(Names.checkLabelValue("f", "k", null))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("has no value"));
  }
}
