package io.fleetflow.workflows.work;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.agent.ApplyRequest;
import io.fleetflow.activities.agent.ApplyResult;
import io.fleetflow.activities.agent.ResourceResult;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec.Workload;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.fleetflow.model.work.ManifestWorkValidator;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * A work near OCM's 500 KiB limit still fits Temporal's payload limits (2 MiB per payload, 4 MB per
 * gRPC message) everywhere it travels: the create update, the apply activity's input, the query,
 * and a spec change.
 */
class ManifestWorkPayloadTest {
  private HubTestEnvironment hub;
  private AgentActivities agent;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    agent = hub.agentFor("cluster1");
    when(agent.applyManifests(any())).thenAnswer(call -> appliedAll(call.getArgument(0)));
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void aWorkOf490KiBIsCreatedAppliedQueriedAndChanged() throws Exception {
    ManifestWork work = Fixtures.helloWork("cluster1");
    List<GenericKubernetesResource> manifests = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      GenericKubernetesResource cm = Fixtures.manifest("v1", "ConfigMap", "hello", "blob-" + i);
      cm.setAdditionalProperty("data", Map.of("payload", "x".repeat(49 * 1024)));
      manifests.add(cm);
    }
    work.getSpec().setWorkload(new Workload(manifests));
    long size = jsonSize(work.getSpec().getWorkload());
    assertThat(size).isBetween(480L * 1024, (long) ManifestWorkValidator.MANIFEST_LIMIT_BYTES);
    assertThat(new ManifestWorkValidator().validateCreate(work)).isEmpty();

    hub.createWork(work, ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    ArgumentCaptor<ApplyRequest> sent = ArgumentCaptor.forClass(ApplyRequest.class);
    verify(agent).applyManifests(sent.capture());
    assertThat(sent.getValue().manifests()).hasSize(10);
    ManifestWork read = hub.work("cluster1", "hello").get();
    assertThat(Conditions.isTrue(read.getStatus().getConditions(), "Applied")).isTrue();
    assertThat(jsonSize(read.getSpec().getWorkload())).isEqualTo(size);

    read.getSpec()
        .getWorkload()
        .manifests()
        .get(0)
        .setAdditionalProperty("data", Map.of("payload", "y".repeat(49 * 1024)));
    ManifestWork changed = hub.work("cluster1", "hello").apply(read, ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    assertThat(changed.getMetadata().getGeneration()).isEqualTo(2L);
    ManifestWork after = hub.work("cluster1", "hello").get();
    assertThat(
            Conditions.find(after.getStatus().getConditions(), "Applied")
                .orElseThrow()
                .getObservedGeneration())
        .isEqualTo(2L);
  }

  private static long jsonSize(Object value) throws Exception {
    return new ObjectMapper().writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length;
  }

  private static ApplyResult appliedAll(ApplyRequest request) {
    List<ResourceResult> results = new ArrayList<>();
    for (int i = 0; i < request.manifests().size(); i++) {
      var m = request.manifests().get(i);
      ResourceMeta meta =
          new ResourceMeta(
              i, "", "v1", m.getKind(), "configmaps", m.getMetadata().getName(), "hello");
      results.add(
          new ResourceResult(meta, "uid-" + i, true, true, "AppliedManifestComplete", "ok"));
    }
    return new ApplyResult(results);
  }
}
