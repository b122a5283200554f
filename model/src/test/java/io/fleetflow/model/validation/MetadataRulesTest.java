package io.fleetflow.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labels and annotations as Kubernetes admits them, at the annotation limit and just past it. */
class MetadataRulesTest {
  @Test
  void everyBadLabelIsReportedInKeyOrder() {
    ObjectMeta meta = new ObjectMeta();
    Map<String, String> labels = new HashMap<>();
    labels.put("zone", "eu west");
    labels.put("bad key", "x");
    labels.put("env", "prod");
    meta.setLabels(labels);

    assertThat(MetadataRules.check(meta))
        .extracting(FieldError::message)
        .satisfiesExactly(
            m -> assertThat(m).contains("\"bad key\" is not a valid key"),
            m -> assertThat(m).contains("\"eu west\" of label \"zone\""));
  }

  @Test
  void annotationKeysAreCheckedInLowerCaseAsKubernetesDoes() {
    ObjectMeta meta = new ObjectMeta();
    meta.setAnnotations(Map.of("Example.com/Owner", "me", "no spaces allowed", "x"));

    assertThat(MetadataRules.check(meta))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("\"no spaces allowed\""));
  }

  @Test
  void annotationsOfExactly256KiBPassAndOneByteMoreIsTooLong() {
    String key = "example.com/blob";
    String atLimit = "x".repeat(MetadataRules.MAX_ANNOTATIONS_BYTES - key.length());
    ObjectMeta meta = new ObjectMeta();

    meta.setAnnotations(Map.of(key, atLimit));
    assertThat(MetadataRules.check(meta)).isEmpty();

    meta.setAnnotations(Map.of(key, atLimit + "x"));
    assertThat(MetadataRules.check(meta))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("metadata.annotations");
              assertThat(e.reason()).isEqualTo("FieldValueTooLong");
              assertThat(e.message()).contains("262145 bytes");
            });
  }

  @Test
  void annotationBytesAreCountedInUtf8() {
    String key = "k";
    // Each "é" is two bytes, so half as many characters reach the limit.
    String value = "é".repeat((MetadataRules.MAX_ANNOTATIONS_BYTES - key.length()) / 2 + 1);
    ObjectMeta meta = new ObjectMeta();
    meta.setAnnotations(Map.of(key, value));

    assertThat(MetadataRules.check(meta))
        .extracting(FieldError::reason)
        .containsExactly("FieldValueTooLong");
  }
}
