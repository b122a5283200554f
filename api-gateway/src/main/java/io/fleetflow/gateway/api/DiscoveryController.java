package io.fleetflow.gateway.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.registry.Kinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kubernetes discovery ({@code /api}, {@code /apis}, {@code /apis/<group>/<version>}) and version
 * (health is {@code HealthController}'s), so that {@code kubectl} finds Fleetflow's kinds by their
 * plural, singular and short names. Everything is derived from {@link Kinds#ALL}.
 */
@RestController
public class DiscoveryController {
  private static final List<String> VERBS =
      List.of("create", "delete", "get", "list", "patch", "update", "watch");
  private static final List<String> READ_VERBS = List.of("get", "list", "watch");

  @GetMapping("/version")
  public Map<String, String> version() {
    return Map.of(
        "major", "1",
        "minor", "32",
        "gitVersion", "v1.32.0-fleetflow",
        "platform",
            System.getProperty("os.name").toLowerCase() + "/" + System.getProperty("os.arch"));
  }

  @GetMapping("/api")
  public Map<String, Object> coreVersions() {
    return Map.of(
        "kind",
        "APIVersions",
        "versions",
        List.of("v1"),
        "serverAddressByClientCIDRs",
        List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", "127.0.0.1")));
  }

  /**
   * The core group serves the events the hub records (see {@link EventsController}) and reads of
   * the implicit namespaces (see {@link NamespaceController}).
   */
  @GetMapping("/api/v1")
  public Map<String, Object> coreResources() {
    Map<String, Object> events =
        Map.of(
            "name",
            "events",
            "singularName",
            "event",
            "namespaced",
            true,
            "kind",
            "Event",
            "verbs",
            List.of("get", "list"),
            "shortNames",
            List.of("ev"));
    Map<String, Object> namespaces =
        Map.of(
            "name",
            "namespaces",
            "singularName",
            "namespace",
            "namespaced",
            false,
            "kind",
            "Namespace",
            "verbs",
            List.of("get"),
            "shortNames",
            List.of("ns"));
    return Map.of(
        "kind", "APIResourceList", "groupVersion", "v1", "resources", List.of(events, namespaces));
  }

  @GetMapping("/apis")
  public Map<String, Object> groups() {
    Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
    for (ResourceKind<? extends HasMetadata> kind : Kinds.ALL) {
      List<String> versions = versionsByGroup.computeIfAbsent(kind.group(), g -> new ArrayList<>());
      // A group's first version is its preferred one: the version its kinds are stored at.
      for (String version : kind.versions()) {
        if (!versions.contains(version)) {
          versions.add(version);
        }
      }
    }
    versionsByGroup.put(ApiGroups.AUTHORIZATION, List.of(ApiGroups.V1));
    List<Map<String, Object>> groups = new ArrayList<>();
    versionsByGroup.forEach(
        (group, versions) -> {
          List<Map<String, String>> gvs =
              versions.stream()
                  .map(v -> Map.of("groupVersion", group + "/" + v, "version", v))
                  .toList();
          groups.add(Map.of("name", group, "versions", gvs, "preferredVersion", gvs.get(0)));
        });
    return Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups);
  }

  @GetMapping("/apis/{group}/{version}")
  public Map<String, Object> resources(@PathVariable String group, @PathVariable String version) {
    if (group.equals(ApiGroups.AUTHORIZATION) && version.equals(ApiGroups.V1)) {
      return AccessReviewController.discovery();
    }
    List<ResourceKind<? extends HasMetadata>> kinds = kindsOf(group, version);
    if (kinds.isEmpty()) {
      throw new ApiException(
          404,
          "NotFound",
          "the server could not find the requested resource (group version "
              + group
              + "/"
              + version
              + ")",
          null,
          null);
    }
    List<Map<String, Object>> resources =
        kinds.stream()
            .map(
                k ->
                    Map.<String, Object>of(
                        "name", k.plural(),
                        "singularName", k.singular(),
                        "namespaced", k.namespaced(),
                        "kind", k.kind(),
                        "verbs", k.derived() ? READ_VERBS : VERBS,
                        "shortNames", k.shortNames(),
                        "categories",
                            k.group().equals(ApiGroups.RBAC)
                                ? List.of()
                                : List.of("fleetflow", "ocm")))
            .collect(Collectors.toList());
    return Map.of(
        "kind",
        "APIResourceList",
        "apiVersion",
        "v1",
        "groupVersion",
        group + "/" + version,
        "resources",
        resources);
  }

  static List<ResourceKind<? extends HasMetadata>> kindsOf(String group, String version) {
    return Kinds.ALL.stream().filter(k -> k.group().equals(group) && k.serves(version)).toList();
  }
}
