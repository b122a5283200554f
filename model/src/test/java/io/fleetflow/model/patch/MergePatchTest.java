package io.fleetflow.model.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JSON merge patch as RFC 7386 specifies it, including the examples of its appendix A. */
class MergePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void acceptingAClusterChangesOneFieldAndKeepsTheRest() {
    JsonNode cluster =
        json(
            "{'metadata':{'name':'c1','labels':{'env':'dev'}},"
                + "'spec':{'hubAcceptsClient':false,'leaseDurationSeconds':60}}");

    JsonNode patched = MergePatch.apply(cluster, json("{'spec':{'hubAcceptsClient':true}}"));

    assertThat(patched)
        .isEqualTo(
            json(
                "{'metadata':{'name':'c1','labels':{'env':'dev'}},"
                    + "'spec':{'hubAcceptsClient':true,'leaseDurationSeconds':60}}"));
  }

  @Test
  void nestedObjectsMergeAndMissingOnesAreCreated() {
    JsonNode target = json("{'metadata':{'labels':{'env':'dev'}}}");

    JsonNode patched =
        MergePatch.apply(
            target, json("{'metadata':{'labels':{'team':'a'},'annotations':{'why':'test'}}}"));

    assertThat(patched)
        .isEqualTo(
            json("{'metadata':{'labels':{'env':'dev','team':'a'},'annotations':{'why':'test'}}}"));
  }

  @Test
  void nullRemovesAField() {
    JsonNode target = json("{'metadata':{'labels':{'env':'dev','team':'a'}}}");

    JsonNode patched = MergePatch.apply(target, json("{'metadata':{'labels':{'env':null}}}"));

    assertThat(patched).isEqualTo(json("{'metadata':{'labels':{'team':'a'}}}"));
  }

  @Test
  void nullsInsideANewObjectAreDropped() {
    JsonNode patched = MergePatch.apply(json("{}"), json("{'a':{'bb':{'ccc':null}}}"));

    assertThat(patched).isEqualTo(json("{'a':{'bb':{}}}"));
  }

  @Test
  void arraysAreReplacedWhole() {
    JsonNode target = json("{'spec':{'taints':[{'key':'a'},{'key':'b'}]}}");

    JsonNode patched = MergePatch.apply(target, json("{'spec':{'taints':[{'key':'c'}]}}"));

    assertThat(patched).isEqualTo(json("{'spec':{'taints':[{'key':'c'}]}}"));
  }

  @Test
  void aPatchThatIsNotAnObjectReplacesTheTarget() {
    assertThat(MergePatch.apply(json("{'a':'b'}"), json("['c']"))).isEqualTo(json("['c']"));
    assertThat(MergePatch.apply(json("{'a':'b'}"), json("'text'"))).isEqualTo(json("'text'"));
    assertThat(MergePatch.apply(json("{'a':'b'}"), json("null"))).isEqualTo(json("null"));
  }

  @Test
  void anObjectPatchReplacesATargetThatIsNotAnObject() {
    assertThat(MergePatch.apply(json("['a']"), json("{'a':'b'}"))).isEqualTo(json("{'a':'b'}"));
    assertThat(MergePatch.apply(null, json("{'a':'b'}"))).isEqualTo(json("{'a':'b'}"));
  }

  @ParameterizedTest(name = "{0} patched with {1} is {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'a':'b'}               | {'a':'c'}             | {'a':'c'}",
        "{'a':'b'}               | {'b':'c'}             | {'a':'b','b':'c'}",
        "{'a':'b'}               | {'a':null}            | {}",
        "{'a':'b','b':'c'}       | {'a':null}            | {'b':'c'}",
        "{'a':['b']}             | {'a':'c'}             | {'a':'c'}",
        "{'a':'c'}               | {'a':['b']}           | {'a':['b']}",
        "{'a':{'b':'c'}}         | {'a':{'b':'d','c':null}} | {'a':{'b':'d'}}",
        "{'a':[{'b':'c'}]}       | {'a':[1]}             | {'a':[1]}",
        "['a','b']               | ['c','d']             | ['c','d']",
        "{'a':'b'}               | ['c']                 | ['c']",
        "{'a':'foo'}             | null                  | null",
        "{'a':'foo'}             | 'bar'                 | 'bar'",
        "{'e':null}              | {'a':1}               | {'e':null,'a':1}",
        "[1,2]                   | {'a':'b','c':null}    | {'a':'b'}",
        "{}                      | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}",
      })
  void theExamplesOfRfc7386(String target, String patch, String result) {
    assertThat(MergePatch.apply(json(target), json(patch))).isEqualTo(json(result));
  }

  private static JsonNode json(String singleQuoted) {
    try {
      return JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
