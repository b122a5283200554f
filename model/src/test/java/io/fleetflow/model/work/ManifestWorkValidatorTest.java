package io.fleetflow.model.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.work.ManifestWorkSpec.DeleteOption;
import io.fleetflow.model.work.ManifestWorkSpec.ManifestConfigOption;
import io.fleetflow.model.work.ManifestWorkSpec.ResourceIdentifier;
import io.fleetflow.model.work.ManifestWorkSpec.ServerSideApplyConfig;
import io.fleetflow.model.work.ManifestWorkSpec.UpdateStrategy;
import io.fleetflow.model.work.ManifestWorkSpec.Workload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestWorkValidatorTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  /** A work as OCM's documentation writes one: a namespace and a ConfigMap in it. */
  private static final String HELLO_WORK =
      """
      apiVersion: work.open-cluster-management.io/v1
      kind: ManifestWork
      metadata:
        namespace: cluster1
        name: hello-work
      spec:
        workload:
          manifests:
            - apiVersion: v1
              kind: Namespace
              metadata:
                name: hello
            - apiVersion: v1
              kind: ConfigMap
              metadata:
                name: greeting
                namespace: hello
              data:
                message: hello from the hub
      """;

  private final ManifestWorkValidator validator = new ManifestWorkValidator();

  @Test
  void aWorkWithANamespaceAndAConfigMapIsValid() {
    ManifestWork work = load(HELLO_WORK);

    assertThat(work.getSpec().getWorkload().manifests())
        .extracting(GenericKubernetesResource::getKind)
        .containsExactly("Namespace", "ConfigMap");
    assertThat(validator.validateCreate(work)).isEmpty();
  }

  @Test
  void aWorkWithoutANamespaceIsToldToUseTheClusterName() {
    ManifestWork work = load(HELLO_WORK);
    work.getMetadata().setNamespace(null);

    assertThat(validator.validateCreate(work))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("metadata.namespace");
              assertThat(e.reason()).isEqualTo("FieldValueRequired");
              assertThat(e.message())
                  .contains("set metadata.namespace to the ManagedCluster's name");
            });
  }

  @Test
  void aNamespaceThatCannotBeAClusterNameIsRefused() {
    ManifestWork work = load(HELLO_WORK);
    work.getMetadata().setNamespace("Cluster_1");

    assertThat(validator.validateCreate(work))
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly(tuple("metadata.namespace", "FieldValueInvalid"));
  }

  @Test
  void aWorkWithoutManifestsIsRefused() {
    ManifestWork empty =
        load(
            """
            apiVersion: work.open-cluster-management.io/v1
            kind: ManifestWork
            metadata: {namespace: cluster1, name: empty}
            spec:
              workload:
                manifests: []
            """);
    ManifestWork noWorkload =
        load(
            """
            apiVersion: work.open-cluster-management.io/v1
            kind: ManifestWork
            metadata: {namespace: cluster1, name: no-workload}
            spec: {}
            """);

    FieldError required =
        FieldError.required(
            "spec.workload.manifests", "a ManifestWork needs at least one manifest");
    assertThat(validator.validateCreate(empty)).containsExactly(required);
    assertThat(validator.validateCreate(noWorkload)).containsExactly(required);
  }

  @Test
  void everyManifestNeedsApiVersionKindAndName() {
    ManifestWork work =
        load(
            """
            apiVersion: work.open-cluster-management.io/v1
            kind: ManifestWork
            metadata: {namespace: cluster1, name: incomplete}
            spec:
              workload:
                manifests:
                  - apiVersion: v1
                    kind: Namespace
                    metadata: {name: fine}
                  - data: {key: value}
            """);

    assertThat(validator.validateCreate(work))
        .extracting(FieldError::field, FieldError::reason)
        .containsExactlyInAnyOrder(
            tuple("spec.workload.manifests[1].apiVersion", "FieldValueRequired"),
            tuple("spec.workload.manifests[1].kind", "FieldValueRequired"),
            tuple("spec.workload.manifests[1].metadata.name", "FieldValueRequired"));
  }

  @Test
  void generateNameIsRefusedBecauseTheWorkCouldNotTrackTheObject() {
    ManifestWork work =
        load(
            """
            apiVersion: work.open-cluster-management.io/v1
            kind: ManifestWork
            metadata: {namespace: cluster1, name: generated}
            spec:
              workload:
                manifests:
                  - apiVersion: batch/v1
                    kind: Job
                    metadata: {generateName: migrate-, namespace: default}
            """);

    assertThat(validator.validateCreate(work))
        .extracting(FieldError::field, FieldError::reason)
        .containsExactlyInAnyOrder(
            tuple("spec.workload.manifests[0].metadata.generateName", "FieldValueForbidden"),
            tuple("spec.workload.manifests[0].metadata.name", "FieldValueRequired"));
    assertThat(validator.validateCreate(work))
        .filteredOn(e -> e.field().endsWith("generateName"))
        .singleElement()
        .extracting(FieldError::message)
        .asString()
        .contains("set metadata.name");
  }

  @Test
  void theSameObjectTwiceIsADuplicate() {
    ManifestWork work = load(HELLO_WORK);
    List<GenericKubernetesResource> manifests =
        new ArrayList<>(work.getSpec().getWorkload().manifests());
    manifests.add(configMap("greeting", "hello", "another copy"));
    work.getSpec().setWorkload(new Workload(manifests));

    assertThat(validator.validateCreate(work))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.workload.manifests[2]");
              assertThat(e.reason()).isEqualTo("FieldValueDuplicate");
              assertThat(e.message()).contains("v1/ConfigMap/hello/greeting").contains("keep one");
            });
  }

  @Test
  void objectsWithTheSameNameInDifferentNamespacesAreNotDuplicates() {
    ManifestWork work = work(configMap("greeting", "a", "x"), configMap("greeting", "b", "x"));

    assertThat(validator.validateCreate(work)).isEmpty();
  }

  @Test
  void manifestsOver500KiBAreTooLongButAWorkAtTheLimitPasses() {
    int envelope = jsonSize(configMap("big", "default", ""));
    int atLimit = ManifestWorkValidator.MANIFEST_LIMIT_BYTES - envelope;

    ManifestWork justFits = work(configMap("big", "default", "x".repeat(atLimit)));
    ManifestWork oneByteOver = work(configMap("big", "default", "x".repeat(atLimit + 1)));

    assertThat(jsonSize(justFits.getSpec().getWorkload().manifests().get(0))).isEqualTo(500 * 1024);
    assertThat(validator.validateCreate(justFits)).isEmpty();
    assertThat(validator.validateCreate(oneByteOver))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.workload.manifests");
              assertThat(e.reason()).isEqualTo("FieldValueTooLong");
              assertThat(e.message())
                  .contains("512001 bytes")
                  .contains("500 KiB")
                  .contains("split them across several ManifestWorks");
            });
  }

  @Test
  void theSizeLimitCountsAllManifestsTogether() {
    String half = "x".repeat(300 * 1024);
    ManifestWork work = work(configMap("one", "default", half), configMap("two", "default", half));

    assertThat(validator.validateCreate(work))
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly(tuple("spec.workload.manifests", "FieldValueTooLong"));
  }

  @Test
  void anUnknownPropagationPolicyListsTheSupportedOnes() {
    ManifestWork work = load(HELLO_WORK);
    work.getSpec().setDeleteOption(new DeleteOption("Background", null, null));

    assertThat(validator.validateCreate(work))
        .containsExactly(
            new FieldError(
                "spec.deleteOption.propagationPolicy",
                "FieldValueNotSupported",
                "Unsupported value: \"Background\": supported values: Foreground, Orphan,"
                    + " SelectivelyOrphan"));

    work.getSpec().setDeleteOption(new DeleteOption(DeleteOption.ORPHAN, null, null));
    assertThat(validator.validateCreate(work)).isEmpty();
  }

  @Test
  void aManifestConfigNeedsAResourceIdentifierAndAKnownUpdateStrategy() {
    ManifestWork work = load(HELLO_WORK);
    work.getSpec()
        .setManifestConfigs(
            List.of(
                new ManifestConfigOption(null, new UpdateStrategy("ServerSideApply", null)),
                new ManifestConfigOption(
                    new ResourceIdentifier("", "configmaps", "greeting", "hello"),
                    new UpdateStrategy("Replace", null)),
                new ManifestConfigOption(
                    new ResourceIdentifier("", "configmaps", null, "hello"), null)));

    List<FieldError> errors = validator.validateCreate(work);

    assertThat(errors)
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly(
            tuple("spec.manifestConfigs[0].resourceIdentifier", "FieldValueRequired"),
            tuple("spec.manifestConfigs[1].updateStrategy.type", "FieldValueNotSupported"),
            tuple("spec.manifestConfigs[2].resourceIdentifier", "FieldValueRequired"));
    assertThat(errors.get(0).message()).contains("resourceIdentifier.resource and .name");
    assertThat(errors.get(1).message())
        .isEqualTo(
            "Unsupported value: \"Replace\": supported values: Update, CreateOnly,"
                + " ServerSideApply, ReadOnly");
  }

  @Test
  void anUpdateStrategyWithoutATypeIsRefusedRatherThanFailingTheRequest() {
    ManifestWork work = load(HELLO_WORK);
    work.getSpec()
        .setManifestConfigs(
            List.of(
                new ManifestConfigOption(
                    new ResourceIdentifier("", "configmaps", "greeting", "hello"),
                    new UpdateStrategy(null, new ServerSideApplyConfig(true, null)))));

    assertThat(validator.validateCreate(work))
        .extracting(FieldError::field)
        .containsExactly("spec.manifestConfigs[0].updateStrategy.type");
  }

  @Test
  void aNullManifestConfigIsRefusedRatherThanFailingTheRequest() {
    ManifestWork work =
        load(
            HELLO_WORK
                + """
                  manifestConfigs:
                    -
                """);

    assertThat(validator.validateCreate(work))
        .extracting(FieldError::field)
        .isNotEmpty()
        .allMatch(field -> field.startsWith("spec.manifestConfigs[0]"));
  }

  @Test
  void anUpdateMayNotMoveTheWorkToAnotherNameOrCluster() {
    ManifestWork current = load(HELLO_WORK);
    ManifestWork sameWork = load(HELLO_WORK);
    ManifestWork otherCluster = load(HELLO_WORK);
    otherCluster.getMetadata().setNamespace("cluster2");
    ManifestWork renamed = load(HELLO_WORK);
    renamed.getMetadata().setName("bye-work");

    assertThat(validator.validateUpdate(current, sameWork)).isEmpty();
    assertThat(validator.validateUpdate(current, otherCluster))
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly(tuple("metadata", "FieldValueForbidden"));
    assertThat(validator.validateUpdate(current, renamed))
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly(tuple("metadata", "FieldValueForbidden"));
  }

  /** OCM's documented example of every per-resource option, as users write it. */
  private static final String CONFIGS =
      """
        manifestConfigs:
          - resourceIdentifier: {group: apps, resource: deployments, name: web, namespace: hello}
            updateStrategy:
              type: ServerSideApply
              serverSideApply: {force: true, fieldManager: work-agent-web}
            feedbackRules:
              - type: WellKnownStatus
              - type: JSONPaths
                jsonPaths:
                  - {name: isAvailable, path: '.status.conditions[?(@.type=="Available")].status'}
            conditionRules:
              - {type: WellKnownConditions, condition: Complete}
              - type: CEL
                condition: Ready
                celExpressions: ["object.status.readyReplicas == object.spec.replicas"]
                messageExpression: 'result ? "all replicas ready" : "waiting for replicas"'
        executor:
          subject:
            type: ServiceAccount
            serviceAccount: {namespace: hello, name: deployer}
      """;

  @Test
  void feedbackRulesConditionRulesAndAnExecutorAsOcmWritesThemAreValid() {
    ManifestWork work = load(HELLO_WORK + CONFIGS);

    assertThat(validator.validateCreate(work)).isEmpty();
    var config = work.getSpec().getManifestConfigs().get(0);
    assertThat(config.feedbackRules()).hasSize(2);
    assertThat(config.feedbackRules().get(1).jsonPaths().get(0).name()).isEqualTo("isAvailable");
    assertThat(config.conditionRules().get(1).celExpressions()).hasSize(1);
    assertThat(config.updateStrategy().serverSideApply().fieldManager())
        .isEqualTo("work-agent-web");
    assertThat(work.getSpec().getExecutor().subject().serviceAccount().name())
        .isEqualTo("deployer");
  }

  @Test
  void aCelExpressionThatDoesNotCompileIsRefusedWithTheCompilersMessage() {
    ManifestWork work =
        load(HELLO_WORK + CONFIGS.replace("object.status.readyReplicas ==", "object.status.(("));

    List<FieldError> errors = validator.validateCreate(work);

    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field())
                  .isEqualTo("spec.manifestConfigs[0].conditionRules[1].celExpressions[0]");
              assertThat(e.reason()).isEqualTo("FieldValueInvalid");
              assertThat(e.message()).startsWith("the CEL expression does not compile: ");
            });
  }

  @Test
  void aCelExpressionOnAnUnknownVariableIsRefused() {
    ManifestWork work = load(HELLO_WORK + CONFIGS.replace("object.status.readyReplicas", "obj.x"));

    assertThat(validator.validateCreate(work))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("undeclared reference to 'obj'"));
  }

  @Test
  void aBadJsonPathAnUnknownRuleTypeAndAMissingConditionAreEachNamed() {
    ManifestWork work =
        load(
            HELLO_WORK
                + CONFIGS
                    .replace(
                        "'.status.conditions[?(@.type==\"Available\")].status'", "'.status[1:2]'")
                    .replace("type: WellKnownStatus", "type: Everything")
                    .replace("condition: Ready\n", "\n"));

    assertThat(validator.validateCreate(work))
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly(
            tuple("spec.manifestConfigs[0].feedbackRules[0].type", "FieldValueNotSupported"),
            tuple(
                "spec.manifestConfigs[0].feedbackRules[1].jsonPaths[0].path", "FieldValueInvalid"),
            tuple("spec.manifestConfigs[0].conditionRules[1].condition", "FieldValueRequired"));
  }

  @Test
  void aFieldManagerMustStartWithWorkAgentAsInOcm() {
    ManifestWork work = load(HELLO_WORK + CONFIGS.replace("work-agent-web", "kubectl"));

    assertThat(validator.validateCreate(work))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field())
                  .isEqualTo("spec.manifestConfigs[0].updateStrategy.serverSideApply.fieldManager");
              assertThat(e.message()).contains("must start with \"work-agent\"");
            });
  }

  @Test
  void anExecutorMustBeAServiceAccountWithNamespaceAndName() {
    ManifestWork user = load(HELLO_WORK + CONFIGS.replace("type: ServiceAccount", "type: User"));
    ManifestWork nameless = load(HELLO_WORK + CONFIGS.replace(", name: deployer", ""));

    assertThat(validator.validateCreate(user))
        .extracting(FieldError::field)
        .containsExactly("spec.executor.subject.type");
    assertThat(validator.validateCreate(nameless))
        .extracting(FieldError::field)
        .containsExactly("spec.executor.subject.serviceAccount.name");
  }

  private static ManifestWork load(String yaml) {
    try {
      return YAML.readValue(yaml, ManifestWork.class);
    } catch (Exception e) {
      throw new AssertionError("test YAML does not parse", e);
    }
  }

  private static ManifestWork work(GenericKubernetesResource... manifests) {
    ManifestWork work = load(HELLO_WORK);
    work.getSpec().setWorkload(new Workload(List.of(manifests)));
    return work;
  }

  private static GenericKubernetesResource configMap(String name, String namespace, String value) {
    GenericKubernetesResource cm = new GenericKubernetesResource();
    cm.setApiVersion("v1");
    cm.setKind("ConfigMap");
    cm.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    cm.setAdditionalProperty("data", Map.of("payload", value));
    return cm;
  }

  /** The size OCM limits: the manifest as the JSON the agent receives. */
  private static int jsonSize(GenericKubernetesResource manifest) {
    try {
      return new ObjectMapper()
          .writeValueAsString(manifest)
          .getBytes(StandardCharsets.UTF_8)
          .length;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
