package io.fleetflow.gateway.api;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.gateway.GatewayMvcTest;
import io.fleetflow.gateway.entity.EntityService;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.WorkKinds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A gateway whose watch cache has not listed yet (just started) still reads the works replica sets
 * hold, which have no workflow of their own, by asking the replica sets, and still refuses to
 * create a work over one.
 */
@GatewayMvcTest
class HeldWorksBeforeSyncTest {
  private static final String WORKS_ON_H1 =
      "/apis/work.open-cluster-management.io/v1/namespaces/h1/manifestworks";

  @Autowired private MockMvc mvc;
  @MockitoBean private EntityService entities;

  @BeforeEach
  void aReplicaSetHoldsTheWorkWebOnH1() {
    ManifestWork web = new ManifestWork();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace("h1");
    meta.setName("web");
    meta.setAnnotations(
        Map.of(ManifestWorkReplicaSet.HELD_BY_ANNOTATION, "ManifestWorkReplicaSet/apps/web"));
    web.setMetadata(meta);
    when(entities.get(WorkKinds.MANIFEST_WORK, "h1", "web"))
        .thenThrow(ApiException.notFound(WorkKinds.MANIFEST_WORK.group(), "manifestworks", "web"));
    when(entities.get(WorkKinds.MANIFEST_WORK, "h1", "other"))
        .thenThrow(
            ApiException.notFound(WorkKinds.MANIFEST_WORK.group(), "manifestworks", "other"));
    when(entities.heldWorks("h1")).thenReturn(List.of(web));
    when(entities.list(WorkKinds.MANIFEST_WORK, "h1")).thenReturn(List.of());
  }

  @Test
  void aHeldWorkIsReadAndListedFromItsReplicaSet() throws Exception {
    mvc.perform(get(WORKS_ON_H1 + "/web"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.metadata.name").value("web"))
        .andExpect(
            jsonPath("$.metadata.annotations['fleetflow.io/held-by']")
                .value("ManifestWorkReplicaSet/apps/web"));
    mvc.perform(get(WORKS_ON_H1))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items.length()").value(1))
        .andExpect(jsonPath("$.items[0].metadata.name").value("web"));
    mvc.perform(get(WORKS_ON_H1 + "/other")).andExpect(failure(404, "NotFound"));
  }

  @Test
  void aWorkOfTheSameNameIsNotCreatedBesideTheHeldOne() throws Exception {
    String work =
        """
        {"apiVersion": "work.open-cluster-management.io/v1", "kind": "ManifestWork",
         "metadata": {"name": "web"},
         "spec": {"workload": {"manifests": [{"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": "c", "namespace": "default"}}]}}}
        """;

    mvc.perform(post(WORKS_ON_H1).contentType(MediaType.APPLICATION_JSON).content(work))
        .andExpect(failure(409, "Conflict"))
        .andExpect(
            jsonPath("$.message")
                .value(containsString("is held by ManifestWorkReplicaSet apps/web")));
    verify(entities, never()).create(eq(WorkKinds.MANIFEST_WORK), any(), any());
  }
}
