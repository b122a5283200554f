package io.fleetflow.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.WorkKinds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TablesTest {
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  @ParameterizedTest(name = "created {0}s ago shows as {1}")
  @CsvSource({
    "0, 0s",
    "45, 45s",
    "119, 119s",
    "120, 2m",
    "754, 12m",
    "7199, 119m",
    "7200, 2h",
    "18000, 5h",
    "172799, 47h",
    "172800, 2d",
    "259200, 3d",
    "31536000, 365d",
  })
  void agesReadLikeKubectls(long secondsAgo, String age) {
    String created = NOW.minus(Duration.ofSeconds(secondsAgo)).toString();

    assertThat(Tables.age(created, NOW)).isEqualTo(age);
  }

  @Test
  void anObjectFromTheFutureIsZeroSecondsOldAndAnUnknownAgeSaysSo() {
    assertThat(Tables.age(NOW.plusSeconds(30).toString(), NOW)).isEqualTo("0s");
    assertThat(Tables.age(null, NOW)).isEqualTo("<unknown>");
  }

  @Test
  void onlyAnAcceptHeaderAskingForATableGetsOne() {
    assertThat(Tables.wanted("application/json;as=Table;v=v1;g=meta.k8s.io,application/json"))
        .isTrue();
    assertThat(Tables.wanted("application/json")).isFalse();
    assertThat(Tables.wanted(null)).isFalse();
  }

  @Test
  void aTableOfManifestWorksHasTheNameColumnFirstAndOneRowPerWork() {
    ManifestWork hello = work("hello", "2025-03-01T11:55:00Z", Conditions.TRUE, Conditions.TRUE);
    ManifestWork bye = work("bye", "2025-02-27T12:00:00Z", Conditions.TRUE, Conditions.FALSE);

    Map<String, Object> table = Tables.of(WorkKinds.MANIFEST_WORK, List.of(hello, bye), NOW);

    assertThat(table)
        .containsEntry("kind", "Table")
        .containsEntry("apiVersion", "meta.k8s.io/v1")
        .containsEntry("metadata", Map.of());
    assertThat(columns(table))
        .extracting(c -> c.get("name"), c -> c.get("type"))
        .containsExactly(
            tuple("Name", "string"),
            tuple("Applied", "string"),
            tuple("Available", "string"),
            tuple("Age", "string"));
    assertThat(columns(table))
        .allSatisfy(
            c -> assertThat(c).containsKeys("name", "type", "format", "description", "priority"));
    assertThat(rows(table))
        .extracting(r -> r.get("cells"))
        .containsExactly(
            List.of("hello", "True", "True", "5m"), List.of("bye", "True", "False", "2d"));
    assertThat(rows(table)).extracting(r -> r.get("object")).containsExactly(hello, bye);
  }

  @Test
  void aTableOfNothingStillHasItsColumns() {
    Map<String, Object> table = Tables.of(ClusterKinds.MANAGED_CLUSTER, List.of(), NOW);

    assertThat(columns(table))
        .extracting(c -> c.get("name"))
        .containsExactly(
            "Name", "Hub Accepted", "Managed Cluster URLs", "Joined", "Available", "Age");
    assertThat(rows(table)).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> columns(Map<String, Object> table) {
    return (List<Map<String, Object>>) table.get("columnDefinitions");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rows(Map<String, Object> table) {
    return (List<Map<String, Object>>) table.get("rows");
  }

  private static ManifestWork work(String name, String created, String applied, String available) {
    ManifestWork work = new ManifestWork();
    work.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("cluster1")
            .withName(name)
            .withCreationTimestamp(created)
            .build());
    Conditions.set(
        work.getStatus().getConditions(),
        ManifestWork.CONDITION_APPLIED,
        applied,
        "AppliedManifestWorkComplete",
        "",
        NOW,
        null);
    Conditions.set(
        work.getStatus().getConditions(),
        ManifestWork.CONDITION_AVAILABLE,
        available,
        "ResourcesAvailable",
        "",
        NOW,
        null);
    return work;
  }
}
