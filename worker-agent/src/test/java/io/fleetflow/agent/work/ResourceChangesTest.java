package io.fleetflow.agent.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fleetflow.workflows.work.ClusterChange;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which changes of an applied object the agent reports to the object's work. */
class ResourceChangesTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Test
  void aChangedFieldMadeOnTheClusterIsADrift() {
    var before = deployment("abc", 3, 1, "7");
    var after = deployment("abc", 1, 1, "8");

    assertThat(ResourceChanges.classify(before, before, after)).isEqualTo(ClusterChange.MODIFIED);
  }

  @Test
  void theAgentsRestoreOfADriftIsNotAnotherDrift() {
    var applied = deployment("abc", 3, 1, "7");
    var drifted = deployment("abc", 1, 1, "8");
    var restored = deployment("abc", 3, 1, "9");

    assertThat(ResourceChanges.classify(applied, drifted, restored)).isNull();
  }

  @Test
  void aRemovedLabelIsADrift() {
    var before = deployment("abc", 3, 1, "7");
    var after = deployment("abc", 3, 1, "8");
    after.getMetadata().setLabels(Map.of());

    assertThat(ResourceChanges.classify(before, before, after)).isEqualTo(ClusterChange.MODIFIED);
  }

  @Test
  void anotherWorkLettingGoOfASharedObjectIsTheAgentsOwnWrite() {
    var before = deployment("abc", 3, 1, "7");
    var after = deployment("abc", 3, 1, "8");
    after.getMetadata().getAnnotations().put("fleetflow.io/owner-works", "other");

    assertThat(ResourceChanges.classify(before, before, after)).isNull();
  }

  @Test
  void aStatusChangeIsReportedAsSuch() {
    var before = deployment("abc", 3, 1, "7");
    var after = deployment("abc", 3, 3, "8");

    assertThat(ResourceChanges.classify(before, before, after))
        .isEqualTo(ClusterChange.STATUS_CHANGED);
  }

  @Test
  void theAgentsOwnWriteOfANewManifestIsNotReported() {
    var before = deployment("abc", 3, 1, "7");
    var after = deployment("def", 5, 1, "8");

    assertThat(ResourceChanges.classify(before, before, after)).isNull();
  }

  @Test
  void aWriteThatChangesNothingButTheResourceVersionIsNotReported() {
    var applied = deployment("abc", 3, 1, "7");
    assertThat(ResourceChanges.classify(applied, applied, deployment("abc", 3, 1, "8"))).isNull();
  }

  private static GenericKubernetesResource deployment(
      String hash, int replicas, int readyReplicas, String resourceVersion) {
    return JSON.unmarshal(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          resourceVersion: "%s"
          labels: {fleetflow.io/applied-by: work-agent}
          annotations: {fleetflow.io/manifest-hash: %s, fleetflow.io/owner-works: web}
        spec:
          replicas: %d
        status:
          readyReplicas: %d
        """
            .formatted(resourceVersion, hash, replicas, readyReplicas),
        GenericKubernetesResource.class);
  }
}
