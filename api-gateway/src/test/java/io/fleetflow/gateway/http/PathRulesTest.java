package io.fleetflow.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain Kubernetes paths pass; anything a router could read otherwise is refused. */
class PathRulesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/apis/cluster.open-cluster-management.io/v1/managedclusters/cluster1",
        "/apis/work.open-cluster-management.io/v1/namespaces/c1/manifestworks/hello",
        "/api/v1/events",
        "/healthz",
        "/apis/",
        "/"
      })
  void plainPathsPass(String path) {
    assertThat(PathRules.check(path)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/apis/cluster.open-cluster-management.io/v1/managedclusters/cluster1;x=y",
        "/apis/cluster.open-cluster-management.io/v1/managedclusters;/cluster1",
        "/apis/cluster.open-cluster-management.io/v1/managedclusters/a%2Fb",
        "/apis/cluster.open-cluster-management.io/v1/managedclusters/a%2fb",
        "/apis/cluster.open-cluster-management.io/v1/managedclusters/a%5Cb",
        "/apis/cluster.open-cluster-management.io/v1/managedclusters/a\\b",
        "/apis/cluster.open-cluster-management.io/v1/managedclusters/%2E%2E",
        "/apis/cluster.open-cluster-management.io/v1/managedclusters/..",
        "/apis/cluster.open-cluster-management.io/v1/managedclusters/./cluster1",
        "/apis//cluster.open-cluster-management.io/v1/managedclusters",
        "/api/v1/namespaces/x/../../events",
        "/apis/x/%2500",
        "/apis/x/%00",
        "/apis/x/\u0001",
        ""
      })
  void pathTricksAreRefusedWithTheReason(String path) {
    assertThat(PathRules.check(path)).hasValueSatisfying(why -> assertThat(why).isNotBlank());
  }
}
