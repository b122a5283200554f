package io.fleetflow.workflows.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.IndexedValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The dev server registers exactly the search attributes the workflows upsert. */
class SearchAttributesFileTest {
  private static final Map<IndexedValueType, String> CLI_TYPES =
      Map.of(
          IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD, "Keyword",
          IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST, "KeywordList",
          IndexedValueType.INDEXED_VALUE_TYPE_INT, "Int",
          IndexedValueType.INDEXED_VALUE_TYPE_TEXT, "Text");

  @Test
  void theTemporalDevScriptRegistersEveryAttributeWithItsType() throws IOException {
    Map<String, String> registered =
        Files.readAllLines(Path.of("../temporal-dev/search-attributes")).stream()
            .map(String::trim)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .map(line -> line.split("=", 2))
            .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));

    Map<String, String> upserted =
        FleetflowSearchAttributes.ALL.stream()
            .collect(Collectors.toMap(k -> k.getName(), k -> CLI_TYPES.get(k.getValueType())));

    assertThat(registered).isEqualTo(upserted);
  }

  @Test
  void theAttributesFitTheSqliteDevServerBudget() {
    long keywords =
        FleetflowSearchAttributes.ALL.stream()
            .filter(k -> k.getValueType() == IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
            .count();
    long keywordLists =
        FleetflowSearchAttributes.ALL.stream()
            .filter(k -> k.getValueType() == IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST)
            .count();
    assertThat(keywords).isLessThanOrEqualTo(10);
    assertThat(keywordLists).isLessThanOrEqualTo(3);
  }
}
