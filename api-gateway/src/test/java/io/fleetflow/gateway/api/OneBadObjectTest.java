package io.fleetflow.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.gateway.GatewayMvcTest;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * An object stored before the nesting limit existed, 1,000 levels deep, cannot be written as JSON;
 * lists, tables and watches of its kind still answer with every other object, and say which one was
 * left out and why.
 */
@GatewayMvcTest
class OneBadObjectTest {
  private static final String ALL_WORKS = "/apis/work.open-cluster-management.io/v1/manifestworks";

  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;
  @Autowired private ObjectMapper json;

  @BeforeEach
  void twoWorksOneTooDeep() {
    when(workflowClient.listExecutions(anyString()))
        .thenAnswer(
            i -> Stream.of(execution("ManifestWork/c1/deep"), execution("ManifestWork/c1/hello")));
    serve("ManifestWork/c1/deep", work("deep", 1000));
    serve("ManifestWork/c1/hello", work("hello", 1));
  }

  @Test
  void aListLeavesTheBadObjectOutAndSaysSo() throws Exception {
    MvcResult result =
        mvc.perform(get(ALL_WORKS))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.kind").value("ManifestWorkList"))
            .andExpect(jsonPath("$.items.length()").value(1))
            .andExpect(jsonPath("$.items[0].metadata.name").value("hello"))
            .andExpect(
                header().string("Warning", containsString("ManifestWork c1/deep is left out")))
            .andReturn();

    // The whole body is one valid JSON document, not a list cut off after its first bytes.
    JsonNode body = json.readTree(result.getResponse().getContentAsByteArray());
    assertThat(body.path("items")).hasSize(1);
  }

  @Test
  void aTableLeavesTheBadRowOut() throws Exception {
    mvc.perform(get(ALL_WORKS).accept("application/json;as=Table;v=v1;g=meta.k8s.io"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.rows.length()").value(1))
        .andExpect(header().string("Warning", containsString("c1/deep")));
  }

  @Test
  void theBadObjectAloneIsAnInternalErrorStatusNotACutOffBody() throws Exception {
    mvc.perform(get("/apis/work.open-cluster-management.io/v1/namespaces/c1/manifestworks/deep"))
        .andExpect(status().is(500))
        .andExpect(jsonPath("$.kind").value("Status"))
        .andExpect(jsonPath("$.message").value(containsString("replace or delete it")));
  }

  @Test
  void aWatchSendsEveryOtherObject() throws Exception {
    List<HasMetadata> objects = List.of(work("deep", 1000), work("hello", 1));
    WatchStream watch =
        new WatchStream(() -> objects, o -> o, Optional.empty(), Duration.ZERO, json, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    watch.writeTo(out);

    List<String> events = out.toString().lines().toList();
    assertThat(events).hasSize(1);
    assertThat(json.readTree(events.get(0)).path("object").path("metadata").path("name").asText())
        .isEqualTo("hello");
  }

  private void serve(String id, ManifestWork work) {
    WorkflowStub stub = mock(WorkflowStub.class);
    when(workflowClient.newUntypedWorkflowStub(id)).thenReturn(stub);
    when(stub.query(EntityOperations.GET, ManifestWork.class)).thenReturn(work);
  }

  private static WorkflowExecutionMetadata execution(String id) {
    return new WorkflowExecutionMetadata(
        WorkflowExecutionInfo.newBuilder()
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
            .build(),
        DefaultDataConverter.STANDARD_INSTANCE);
  }

  /** A work whose one manifest's data nests {@code depth} levels deep. */
  private static ManifestWork work(String name, int depth) {
    Map<String, Object> data = new HashMap<>();
    Map<String, Object> inner = data;
    for (int i = 1; i < depth; i++) {
      Map<String, Object> next = new HashMap<>();
      inner.put("a", next);
      inner = next;
    }
    GenericKubernetesResource manifest = new GenericKubernetesResource();
    manifest.setApiVersion("v1");
    manifest.setKind("ConfigMap");
    manifest.setMetadata(new ObjectMeta());
    manifest.getMetadata().setName(name);
    manifest.setAdditionalProperty("data", data);
    ManifestWork work = new ManifestWork();
    work.setMetadata(new ObjectMeta());
    work.getMetadata().setName(name);
    work.getMetadata().setNamespace("c1");
    work.getMetadata().setUid(name + "-uid");
    work.getMetadata().setResourceVersion("1");
    work.getMetadata().setCreationTimestamp("2026-12-01T00:00:00Z");
    work.getSpec().setWorkload(new ManifestWorkSpec.Workload(List.of(manifest)));
    return work;
  }
}
