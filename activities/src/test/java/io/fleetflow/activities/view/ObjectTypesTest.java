package io.fleetflow.activities.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a view's scope or an action's resource finds its type among what a cluster serves. */
class ObjectTypesTest {
  /**
   * A cluster that serves core v1, apps v1, and example.com in v1beta1 (preferred) and v1alpha1.
   */
  private static final TypeDiscovery CLUSTER =
      new TypeDiscovery() {
        private final Map<String, List<APIResource>> served =
            Map.of(
                "v1",
                List.of(
                    resource("configmaps", "configmap", "ConfigMap", true),
                    resource("namespaces", "namespace", "Namespace", false),
                    resource("pods/status", "", "Pod", true)),
                "apps/v1",
                List.of(resource("deployments", "deployment", "Deployment", true)),
                "example.com/v1beta1",
                List.of(resource("widgets", "widget", "Widget", false)),
                "example.com/v1alpha1",
                List.of(resource("widgets", "widget", "Widget", false)));

        @Override
        public Optional<List<APIResource>> resources(String groupVersion) {
          return Optional.ofNullable(served.get(groupVersion));
        }

        @Override
        public Optional<String> preferredVersion(String group) {
          return Optional.ofNullable(Map.of("apps", "v1", "example.com", "v1beta1").get(group));
        }
      };

  /** Each row: apiGroup, version, kind, resource; then the type found, or the reason. */
  @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          -           | v1       | ConfigMap  | -                        | /v1/configmaps namespaced
          -           | -        | ConfigMap  | -                        | /v1/configmaps namespaced
          -           | -        | Namespace  | -                        | /v1/namespaces cluster
          apps        | v1       | Deployment | -                        | apps/v1/deployments namespaced
          apps        | -        | Deployment | -                        | apps/v1/deployments namespaced
          -           | -        | -          | deployments.apps         | apps/v1/deployments namespaced
          -           | -        | -          | deployments.v1.apps      | apps/v1/deployments namespaced
          apps        | v1       | -          | deployment               | apps/v1/deployments namespaced
          apps        | v1       | Pod        | deployments              | apps/v1/deployments namespaced
          example.com | -        | Widget     | -                        | example.com/v1beta1/widgets cluster
          example.com | v1alpha1 | Widget     | -                        | example.com/v1alpha1/widgets cluster
          -           | -        | -          | widgets.example.com      | example.com/v1beta1/widgets cluster
          example.org | v1       | Widget     | -                        | ResourceGVKInvalid
          example.org | -        | Widget     | -                        | ResourceGVKInvalid
          apps        | v2       | Deployment | -                        | ResourceGVKInvalid
          apps        | v1       | Gadget     | -                        | ResourceTypeInvalid
          -           | v1       | Status     | -                        | ResourceTypeInvalid
          -           | v1       | -          | pods                     | ResourceTypeInvalid
          """)
  void findsTheTypeOrSaysWhyNot(
      String group, String version, String kind, String resource, String expected) {
    ObjectTypes.Resolution found = ObjectTypes.resolve(CLUSTER, group, version, kind, resource);
    if (found.found()) {
      ObjectType type = found.type();
      assertThat(
              type.group()
                  + "/"
                  + type.version()
                  + "/"
                  + type.plural()
                  + (type.namespaced() ? " namespaced" : " cluster"))
          .isEqualTo(expected);
    } else {
      assertThat(found.reason()).isEqualTo(expected);
      assertThat(found.message()).isNotBlank();
    }
  }

  private static APIResource resource(
      String name, String singular, String kind, boolean namespaced) {
    return new APIResourceBuilder()
        .withName(name)
        .withSingularName(singular)
        .withKind(kind)
        .withNamespaced(namespaced)
        .build();
  }
}
