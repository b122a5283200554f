package io.fleetflow.workflows.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Search attribute values stay within Temporal's limits whatever they are made of. */
class SearchAttributeLimitsTest {
  @Test
  void aListWithinTheLimitIsPublishedAsItIs() {
    List<String> labels = List.of("env=prod", "region=eu");

    assertThat(SearchAttributeLimits.bound(FleetflowSearchAttributes.CLUSTER_LABELS, labels))
        .isSameAs(labels);
  }

  @Test
  void aListOfExactly2KiBIsKeptWholeAndOneByteMoreIsCut() {
    List<String> atLimit = new ArrayList<>(List.of("a=" + "x".repeat(100)));
    // ["a=xx..."] is the element's JSON plus 2 brackets; pad one element to the exact limit.
    int missing = SearchAttributeLimits.MAX_VALUE_BYTES - SearchAttributeLimits.valueBytes(atLimit);
    atLimit.set(0, atLimit.get(0) + "x".repeat(missing));
    assertThat(SearchAttributeLimits.valueBytes(atLimit))
        .isEqualTo(SearchAttributeLimits.MAX_VALUE_BYTES);
    assertThat(SearchAttributeLimits.bound(FleetflowSearchAttributes.CLUSTER_LABELS, atLimit))
        .isEqualTo(atLimit);

    List<String> pastLimit = List.of(atLimit.get(0) + "x");
    assertThat(SearchAttributeLimits.bound(FleetflowSearchAttributes.CLUSTER_LABELS, pastLimit))
        .containsExactly(SearchAttributeLimits.TRUNCATED);
  }

  @Test
  void aLongListKeepsWhatFitsInOrderAndSaysItIsIncomplete() {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      labels.add(String.format("example.com/label-%04d=%s", i, "v".repeat(63)));
    }

    List<String> bounded =
        SearchAttributeLimits.bound(FleetflowSearchAttributes.CLUSTER_LABELS, labels);

    assertThat(SearchAttributeLimits.valueBytes(bounded))
        .isLessThanOrEqualTo(SearchAttributeLimits.MAX_VALUE_BYTES);
    assertThat(bounded).last().isEqualTo(SearchAttributeLimits.TRUNCATED);
    assertThat(bounded.subList(0, bounded.size() - 1))
        .isEqualTo(labels.subList(0, bounded.size() - 1));
  }

  @Test
  void aTooLongElementIsSkippedAndShorterOnesAfterItStillFit() {
    List<String> labels = List.of("a=1", "big=" + "x".repeat(3000), "b=2");

    assertThat(SearchAttributeLimits.bound(FleetflowSearchAttributes.CLUSTER_LABELS, labels))
        .containsExactly("a=1", "b=2", SearchAttributeLimits.TRUNCATED);
  }

  @Test
  void escapedAndMultiByteCharactersAreCountedAsTheirJson() {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      labels.add("k" + i + "=\"é\\\u0001");
    }

    assertThat(
            SearchAttributeLimits.valueBytes(
                SearchAttributeLimits.bound(FleetflowSearchAttributes.CLUSTER_LABELS, labels)))
        .isLessThanOrEqualTo(SearchAttributeLimits.MAX_VALUE_BYTES);
  }

  @Test
  void aLongKeywordIsCutToFitAndSaysSo() {
    String name = "ü".repeat(5000);

    String bounded = SearchAttributeLimits.bound(FleetflowSearchAttributes.NAME, name);

    assertThat(SearchAttributeLimits.valueBytes(bounded))
        .isLessThanOrEqualTo(SearchAttributeLimits.MAX_VALUE_BYTES)
        .isGreaterThan(SearchAttributeLimits.MAX_VALUE_BYTES - 8);
    assertThat(bounded).endsWith("...").startsWith("üü");
    assertThat(SearchAttributeLimits.bound(FleetflowSearchAttributes.NAME, "cluster1"))
        .isEqualTo("cluster1");
  }

  @Test
  void everyAttributeAtItsLimitStillFitsTheTotal() {
    int total =
        FleetflowSearchAttributes.ALL.size()
            * (SearchAttributeLimits.MAX_VALUE_BYTES
                + SearchAttributeLimits.ATTRIBUTE_OVERHEAD_BYTES);

    assertThat(total).isLessThanOrEqualTo(SearchAttributeLimits.MAX_TOTAL_BYTES);
  }

  @Test
  void elementsAreCountedExactlyAsTemporalEncodesThem() {
    for (String value :
        List.of(
            "",
            "env=prod",
            "é",
            "日本",
            "a\"b",
            "back\\slash",
            "tab\tnew\nline\u0001",
            "😀",
            "del\u007f",
            "\u2028\uffff")) {
      assertThat(SearchAttributeLimits.jsonBytes(value))
          .as(value)
          .isEqualTo(SearchAttributeLimits.valueBytes(value));
      List<String> list = List.of(value, value + "x");
      assertThat(
              1
                  + SearchAttributeLimits.jsonBytes(value)
                  + 1
                  + SearchAttributeLimits.jsonBytes(value + "x")
                  + 1)
          .isEqualTo(SearchAttributeLimits.valueBytes(list));
    }
  }
}
