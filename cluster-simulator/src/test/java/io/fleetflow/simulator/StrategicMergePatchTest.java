package io.fleetflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strategic merge patch rules the simulator follows, one row per rule. */
class StrategicMergePatchTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          maps merge and null deletes | {"a":1,"b":{"c":2,"d":3}} | {"b":{"c":null,"e":4}} | {"a":1,"b":{"d":3,"e":4}}
          a list of named objects merges by name | {"c":[{"name":"web","image":"a"},{"name":"side","image":"s"}]} | {"c":[{"name":"web","image":"b"}],"$setElementOrder/c":[{"name":"web"},{"name":"side"}]} | {"c":[{"name":"web","image":"b"},{"name":"side","image":"s"}]}
          a new item is appended | {"c":[{"name":"web"}]} | {"c":[{"name":"new"}]} | {"c":[{"name":"web"},{"name":"new"}]}
          $patch delete removes an item | {"c":[{"name":"web"},{"name":"side"}]} | {"c":[{"name":"side","$patch":"delete"}]} | {"c":[{"name":"web"}]}
          volume mounts merge by mountPath | {"m":[{"mountPath":"/a","readOnly":true}]} | {"m":[{"mountPath":"/a","readOnly":false}]} | {"m":[{"mountPath":"/a","readOnly":false}]}
          a list of scalars is replaced | {"args":["a","b"]} | {"args":["c"]} | {"args":["c"]}
          $deleteFromPrimitiveList removes values | {"f":["x","y","z"]} | {"$deleteFromPrimitiveList/f":["y"]} | {"f":["x","z"]}
          $patch replace replaces a map | {"s":{"a":1,"b":2}} | {"s":{"$patch":"replace","c":3}} | {"s":{"c":3}}
          """)
  void aPatchIsAppliedByTheRulesOfItsFormat(
      String rule, String current, String patch, String expected) throws Exception {
    TypeReference<Map<String, Object>> type = new TypeReference<>() {};

    Map<String, Object> result =
        StrategicMergePatch.mergeMap(
            Responses.JSON.readValue(current, type), Responses.JSON.readValue(patch, type));

    Object actual = Responses.JSON.valueToTree(result);
    assertThat(actual).as(rule).isEqualTo(Responses.JSON.readTree(expected));
  }
}
