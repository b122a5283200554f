package io.fleetflow.model.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.cluster.ManagedCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every patch type applies to an object as it is, without changing it, and names the
 * resourceVersion it was made against, if any.
 */
class PatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aMergePatchAddsALabelAndKeepsTheOthers() {
    ManagedCluster current = cluster();

    ManagedCluster patched =
        patch(PatchType.MERGE, "{'metadata':{'labels':{'team':'a'}}}")
            .applyTo(current, ManagedCluster.class);

    assertThat(patched.getMetadata().getLabels())
        .containsEntry("env", "dev")
        .containsEntry("team", "a");
    assertThat(current.getMetadata().getLabels()).doesNotContainKey("team");
  }

  @Test
  void aJsonPatchReplacesAndRemovesByPath() {
    ManagedCluster patched =
        patch(
                PatchType.JSON,
                "[{'op':'replace','path':'/spec/hubAcceptsClient','value':true},"
                    + "{'op':'remove','path':'/metadata/labels/env'}]")
            .applyTo(cluster(), ManagedCluster.class);

    assertThat(patched.getSpec().isHubAcceptsClient()).isTrue();
    assertThat(patched.getMetadata().getLabels()).doesNotContainKey("env");
  }

  @Test
  void aJsonPatchWhoseTestFailsDoesNotApplyAndIsNotMalformed() {
    Patch patch =
        patch(
            PatchType.JSON,
            "[{'op':'test','path':'/metadata/labels/env','value':'prod'},"
                + "{'op':'replace','path':'/spec/hubAcceptsClient','value':true}]");

    assertThatThrownBy(() -> patch.applyTo(cluster(), ManagedCluster.class))
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.malformed()).isFalse());
  }

  @Test
  void aJsonPatchOfAMissingPathDoesNotApply() {
    Patch patch = patch(PatchType.JSON, "[{'op':'remove','path':'/metadata/annotations/x'}]");

    assertThatThrownBy(() -> patch.applyTo(cluster(), ManagedCluster.class))
        .isInstanceOf(PatchException.class);
  }

  @ParameterizedTest(name = "{0} patch {1} is malformed")
  @CsvSource(
      delimiter = '|',
      value = {
        "MERGE | ['a']",
        "JSON | {'spec': {}}",
        "JSON | [{'op':'frobnicate','path':'/spec'}]",
        "APPLY | 7"
      })
  void aPatchOfTheWrongShapeIsMalformed(PatchType type, String document) {
    Patch patch = patch(type, document);

    assertThatThrownBy(() -> patch.applyTo(cluster(), ManagedCluster.class))
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.malformed()).isTrue());
  }

  @Test
  void aPatchThatBreaksTheObjectsShapeDoesNotApply() {
    Patch patch = patch(PatchType.MERGE, "{'spec':{'hubAcceptsClient':{'nested':1}}}");

    assertThatThrownBy(() -> patch.applyTo(cluster(), ManagedCluster.class))
        .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.malformed()).isFalse());
  }

  @ParameterizedTest(name = "{0} patch {1} names version {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      value = {
        "MERGE | {'metadata':{'resourceVersion':'7'}} | 7",
        "MERGE | {'metadata':{'labels':{'a':'b'}}} | none",
        "APPLY | {'metadata':{'resourceVersion':'8'}} | 8",
        "JSON | [{'op':'test','path':'/metadata/resourceVersion','value':'9'}] | 9",
        "JSON | [{'op':'replace','path':'/spec/hubAcceptsClient','value':true}] | none"
      })
  void thePatchNamesTheVersionItWasMadeAgainst(PatchType type, String document, String version) {
    assertThat(patch(type, document).resourceVersion()).isEqualTo(version);
  }

  @Test
  void contentTypesNameThePatchTypesParametersIgnored() {
    assertThat(PatchType.ofContentType("application/merge-patch+json; charset=utf-8"))
        .contains(PatchType.MERGE);
    assertThat(PatchType.ofContentType("application/json-patch+json")).contains(PatchType.JSON);
    assertThat(PatchType.ofContentType("application/apply-patch+yaml")).contains(PatchType.APPLY);
    assertThat(PatchType.ofContentType("application/strategic-merge-patch+json"))
        .contains(PatchType.STRATEGIC_MERGE);
    assertThat(PatchType.ofContentType("application/json")).isEmpty();
  }

  @Test
  void aPatchTravelsAsJsonAndComesBackTheSame() throws Exception {
    Patch patch = patch(PatchType.JSON, "[{'op':'add','path':'/metadata/labels/x','value':'1'}]");

    assertThat(JSON.readValue(JSON.writeValueAsString(patch), Patch.class)).isEqualTo(patch);
  }

  private static Patch patch(PatchType type, String document) {
    try {
      return new Patch(type, JSON.readTree(document.replace('\'', '"')));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static ManagedCluster cluster() {
    ManagedCluster cluster = new ManagedCluster();
    cluster.setMetadata(new ObjectMeta());
    cluster.getMetadata().setName("c1");
    cluster.getMetadata().setResourceVersion("7");
    cluster.getMetadata().setLabels(new java.util.HashMap<>(Map.of("env", "dev")));
    return cluster;
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1} writes {2}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "MERGE|{'spec':{'hubAcceptsClient':false}}|false",
        "MERGE|{'spec':{'hubAcceptsClient':true},'metadata':{'labels':{'a':'b'}}}|true",
        "MERGE|{'metadata':{'labels':{'a':'b'}}}|",
        "APPLY|{'spec':{'hubAcceptsClient':false}}|false",
        "JSON|[{'op':'replace','path':'/spec/hubAcceptsClient','value':false}]|false",
        "JSON|[{'op':'add','path':'/spec/hubAcceptsClient','value':true},"
            + "{'op':'replace','path':'/spec/hubAcceptsClient','value':false}]|false",
        "JSON|[{'op':'remove','path':'/spec/hubAcceptsClient'}]|",
        "JSON|[{'op':'replace','path':'/spec/leaseDurationSeconds','value':5}]|",
      })
  void aPatchSaysWhatItWritesAtAPath(PatchType type, String document, String written) {
    assertThat(patch(type, document).valueAt("/spec/hubAcceptsClient").map(JsonNode::asText))
        .isEqualTo(java.util.Optional.ofNullable(written));
  }
}
