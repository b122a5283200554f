package io.fleetflow.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec.ClientConfig;
import io.fleetflow.model.cluster.ManagedClusterStatus.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The size and nesting limits of every object, at each limit and just past it. */
class ObjectLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aTreeNested100LevelsPassesAnd101IsRefusedWithThePath() {
    assertThat(ObjectLimits.checkDepth(nested(ObjectLimits.MAX_DEPTH))).isEmpty();

    assertThat(ObjectLimits.checkDepth(nested(ObjectLimits.MAX_DEPTH + 1)))
        .hasValueSatisfying(
            e -> {
              assertThat(e.field()).startsWith("a.a.a.a").endsWith("...");
              assertThat(e.reason()).isEqualTo("FieldValueInvalid");
              assertThat(e.message()).contains("more than 100 levels");
            });
  }

  @Test
  void arraysCountAsLevelsToo() {
    JsonNode tree = JSON.createObjectNode();
    JsonNode inner = tree;
    for (int depth = 2; depth <= ObjectLimits.MAX_DEPTH + 1; depth++) {
      inner =
          inner.isObject() ? ((ObjectNode) inner).putArray("l") : ((ArrayNode) inner).addObject();
    }

    assertThat(ObjectLimits.checkDepth(tree))
        .hasValueSatisfying(e -> assertThat(e.field()).startsWith("l[0].l[0]"));
  }

  @Test
  void theIssuesManifestNested994LevelsDeepIsRefusedWithoutOverflowingTheStack() {
    assertThat(ObjectLimits.checkDepth(nested(994))).isPresent();
    assertThat(ObjectLimits.checkDepth(nested(100_000))).isPresent();
  }

  @Test
  void anObjectOfExactly1MiBPassesAndOneByteMoreIsTooLarge() {
    ManagedCluster cluster = clusterWithCaBundle(0);
    long base = ObjectLimits.sizeOf(cluster);
    ManagedCluster atLimit = clusterWithCaBundle((int) (ObjectLimits.MAX_OBJECT_BYTES - base));
    ManagedCluster pastLimit =
        clusterWithCaBundle((int) (ObjectLimits.MAX_OBJECT_BYTES - base + 1));

    assertThat(ObjectLimits.sizeOf(atLimit)).isEqualTo(ObjectLimits.MAX_OBJECT_BYTES);
    assertThat(ObjectLimits.check(atLimit)).isEmpty();
    assertThat(ObjectLimits.check(pastLimit))
        .hasValueSatisfying(
            e -> {
              assertThat(e.field()).isEmpty();
              assertThat(e.reason()).isEqualTo("FieldValueTooLong");
              assertThat(e.message()).contains((ObjectLimits.MAX_OBJECT_BYTES + 1) + " bytes");
            });
  }

  @Test
  void theStatusIsNotCountedBecauseTheHubWritesIt() {
    ManagedCluster cluster = clusterWithCaBundle(10);
    long without = ObjectLimits.sizeOf(cluster);
    cluster.getStatus().setVersion(new Version("v1." + "9".repeat(5000)));

    assertThat(ObjectLimits.sizeOf(cluster)).isEqualTo(without);
  }

  private static JsonNode nested(int depth) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode inner = root;
    for (int level = 2; level <= depth; level++) {
      inner = inner.putObject("a");
    }
    return root;
  }

  private static ManagedCluster clusterWithCaBundle(int length) {
    ManagedCluster cluster = new ManagedCluster();
    cluster.setMetadata(new ObjectMeta());
    cluster.getMetadata().setName("cluster1");
    cluster
        .getSpec()
        .setManagedClusterClientConfigs(
            List.of(new ClientConfig("https://c1.example.com", "Q".repeat(length))));
    return cluster;
  }
}
