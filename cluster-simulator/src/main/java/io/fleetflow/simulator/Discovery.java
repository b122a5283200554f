package io.fleetflow.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The discovery documents of a simulated cluster. fabric8's mock server answers CRUD requests but
 * no discovery, and {@code kubectl} needs discovery to find any kind, so the simulator serves the
 * documents of the common built-in kinds itself.
 */
final class Discovery {
  /** One served resource: plural, kind, and whether it lives in a namespace. */
  record Served(String plural, String kind, boolean namespaced, String... shortNames) {}

  static final Map<String, List<Served>> GROUP_VERSIONS = new LinkedHashMap<>();

  static {
    GROUP_VERSIONS.put(
        "v1",
        List.of(
            new Served("namespaces", "Namespace", false, "ns"),
            new Served("nodes", "Node", false, "no"),
            new Served("configmaps", "ConfigMap", true, "cm"),
            new Served("secrets", "Secret", true),
            new Served("services", "Service", true, "svc"),
            new Served("serviceaccounts", "ServiceAccount", true, "sa"),
            new Served("pods", "Pod", true, "po"),
            new Served("events", "Event", true, "ev")));
    GROUP_VERSIONS.put(
        "apps/v1",
        List.of(
            new Served("deployments", "Deployment", true, "deploy"),
            new Served("daemonsets", "DaemonSet", true, "ds"),
            new Served("statefulsets", "StatefulSet", true, "sts"),
            new Served("replicasets", "ReplicaSet", true, "rs")));
    GROUP_VERSIONS.put("batch/v1", List.of(new Served("jobs", "Job", true)));
    GROUP_VERSIONS.put("coordination.k8s.io/v1", List.of(new Served("leases", "Lease", true)));
    GROUP_VERSIONS.put(
        "cluster.open-cluster-management.io/v1alpha1",
        List.of(new Served("clusterclaims", "ClusterClaim", false)));
    GROUP_VERSIONS.put(
        "apiextensions.k8s.io/v1",
        List.of(new Served("customresourcedefinitions", "CustomResourceDefinition", false, "crd")));
    GROUP_VERSIONS.put(
        "rbac.authorization.k8s.io/v1",
        List.of(
            new Served("roles", "Role", true),
            new Served("rolebindings", "RoleBinding", true),
            new Served("clusterroles", "ClusterRole", false),
            new Served("clusterrolebindings", "ClusterRoleBinding", false)));
  }

  private Discovery() {}

  /** The paths the server's root lists, as a real API server's {@code GET /} does. */
  static List<String> rootPaths() {
    List<String> paths = new ArrayList<>(List.of("/api", "/apis", "/healthz", "/livez", "/readyz"));
    paths.add("/version");
    GROUP_VERSIONS.keySet().stream()
        .map(gv -> gv.contains("/") ? "/apis/" + gv : "/api/" + gv)
        .forEach(paths::add);
    return paths;
  }

  static Map<String, Object> coreVersions() {
    return Map.of("kind", "APIVersions", "versions", List.of("v1"));
  }

  static Map<String, Object> groupList() {
    List<Map<String, Object>> groups = new ArrayList<>();
    GROUP_VERSIONS.keySet().stream()
        .filter(gv -> gv.contains("/"))
        .forEach(
            gv -> {
              String group = gv.substring(0, gv.indexOf('/'));
              Map<String, Object> version =
                  Map.of("groupVersion", gv, "version", gv.substring(gv.indexOf('/') + 1));
              groups.add(
                  Map.of("name", group, "versions", List.of(version), "preferredVersion", version));
            });
    return Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups);
  }

  static Map<String, Object> resourceList(String groupVersion) {
    List<Map<String, Object>> resources = new ArrayList<>();
    for (Served s : GROUP_VERSIONS.get(groupVersion)) {
      resources.add(
          Map.of(
              "name",
              s.plural(),
              "singularName",
              s.kind().toLowerCase(java.util.Locale.ROOT),
              "namespaced",
              s.namespaced(),
              "kind",
              s.kind(),
              "verbs",
              List.of("create", "delete", "get", "list", "patch", "update", "watch"),
              "shortNames",
              List.of(s.shortNames())));
    }
    return Map.of(
        "kind",
        "APIResourceList",
        "apiVersion",
        "v1",
        "groupVersion",
        groupVersion,
        "resources",
        resources);
  }
}
