package io.fleetflow.model.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.model.work.ManifestWorkSpec.DeleteOption;
import io.fleetflow.model.work.ManifestWorkSpec.ManifestConfigOption;
import io.fleetflow.model.work.ManifestWorkSpec.ResourceIdentifier;
import io.fleetflow.model.work.ManifestWorkSpec.ServerSideApplyConfig;
import io.fleetflow.model.work.ManifestWorkSpec.UpdateStrategy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A ManifestWork written for OCM reads into Fleetflow's model and writes back unchanged. */
class ManifestWorkYamlTest {
  private static final String OCM_EXAMPLE =
      """
      apiVersion: work.open-cluster-management.io/v1
      kind: ManifestWork
      metadata:
        namespace: cluster1
        name: hello-world
        labels:
          app: hello-world
      spec:
        workload:
          manifests:
            - apiVersion: v1
              kind: Namespace
              metadata:
                name: hello
            - apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: hello-world
                namespace: hello
              spec:
                replicas: 2
                selector:
                  matchLabels:
                    app: hello-world
                template:
                  metadata:
                    labels:
                      app: hello-world
                  spec:
                    containers:
                      - image: quay.io/asmacdo/busybox
                        name: busybox
                        command: ["sh", "-c", 'echo "Hello world" && sleep 3600']
        deleteOption:
          propagationPolicy: Orphan
        manifestConfigs:
          - resourceIdentifier:
              group: apps
              resource: deployments
              namespace: hello
              name: hello-world
            updateStrategy:
              type: ServerSideApply
              serverSideApply:
                force: true
                fieldManager: work-agent
      """;

  private final YAMLMapper yaml = new YAMLMapper();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void anOcmManifestWorkParsesWithEveryField() throws Exception {
    ManifestWork work = yaml.readValue(OCM_EXAMPLE, ManifestWork.class);

    assertThat(work.getApiVersion()).isEqualTo("work.open-cluster-management.io/v1");
    assertThat(work.getKind()).isEqualTo("ManifestWork");
    assertThat(work.getMetadata().getNamespace()).isEqualTo("cluster1");
    assertThat(work.getMetadata().getName()).isEqualTo("hello-world");
    assertThat(work.getMetadata().getLabels()).containsEntry("app", "hello-world");

    List<GenericKubernetesResource> manifests = work.getSpec().getWorkload().manifests();
    assertThat(manifests)
        .extracting(GenericKubernetesResource::getApiVersion, GenericKubernetesResource::getKind)
        .containsExactly(tuple("v1", "Namespace"), tuple("apps/v1", "Deployment"));
    GenericKubernetesResource deployment = manifests.get(1);
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo("hello");
    assertThat(deployment.<Integer>get("spec", "replicas")).isEqualTo(2);
    assertThat(deployment.<Map<String, Object>>get("spec", "selector", "matchLabels"))
        .containsEntry("app", "hello-world");

    assertThat(work.getSpec().getDeleteOption())
        .isEqualTo(new DeleteOption(DeleteOption.ORPHAN, null, null));
    assertThat(work.getSpec().getManifestConfigs())
        .containsExactly(
            new ManifestConfigOption(
                new ResourceIdentifier("apps", "deployments", "hello-world", "hello"),
                new UpdateStrategy(
                    "ServerSideApply", new ServerSideApplyConfig(true, "work-agent"))));
    assertThat(work.getSpec().getExecutor()).isNull();
  }

  @Test
  void aParsedWorkIsValid() throws Exception {
    ManifestWork work = yaml.readValue(OCM_EXAMPLE, ManifestWork.class);

    assertThat(new ManifestWorkValidator().validateCreate(work)).isEmpty();
  }

  @Test
  void aParsedWorkSerializesBackWithOcmFieldNames() throws Exception {
    ManifestWork work = yaml.readValue(OCM_EXAMPLE, ManifestWork.class);

    JsonNode written = json.readTree(json.writeValueAsString(work));

    assertThat(written.path("apiVersion").asText()).isEqualTo("work.open-cluster-management.io/v1");
    assertThat(written.path("kind").asText()).isEqualTo("ManifestWork");
    assertThat(written.at("/metadata/namespace").asText()).isEqualTo("cluster1");
    JsonNode spec = written.path("spec");
    assertThat(spec.at("/deleteOption/propagationPolicy").asText()).isEqualTo("Orphan");
    assertThat(spec.at("/manifestConfigs/0/resourceIdentifier/resource").asText())
        .isEqualTo("deployments");
    assertThat(spec.at("/manifestConfigs/0/updateStrategy/type").asText())
        .isEqualTo("ServerSideApply");
    assertThat(spec.at("/manifestConfigs/0/updateStrategy/serverSideApply/force").isBoolean())
        .isTrue();
    assertThat(spec.at("/manifestConfigs/0/updateStrategy/serverSideApply/force").asBoolean())
        .isTrue();
    assertThat(spec.at("/workload/manifests/1/spec/template/spec/containers/0/image").asText())
        .isEqualTo("quay.io/asmacdo/busybox");
  }

  @Test
  void theSpecWrittenBackIsTheSpecThatWasRead() throws Exception {
    JsonNode original = yaml.readTree(OCM_EXAMPLE);
    ManifestWork work = yaml.treeToValue(original, ManifestWork.class);

    JsonNode writtenAsYaml = yaml.readTree(yaml.writeValueAsString(work));

    assertThat(writtenAsYaml.path("spec")).isEqualTo(original.path("spec"));
    assertThat(writtenAsYaml.path("metadata")).isEqualTo(original.path("metadata"));
  }

  @Test
  void unsetOptionalFieldsAreLeftOutRatherThanWrittenAsNull() throws Exception {
    ManifestWork work = yaml.readValue(OCM_EXAMPLE, ManifestWork.class);

    JsonNode spec = json.valueToTree(work).path("spec");

    assertThat(spec.has("executor")).isFalse();
    assertThat(spec.path("deleteOption").has("selectivelyOrphans")).isFalse();
    assertThat(spec.path("deleteOption").has("ttlSecondsAfterFinished")).isFalse();
  }
}
