package io.fleetflow.gateway.health;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.fleetflow.gateway.GatewayMvcTest;
import io.fleetflow.gateway.TokenFiles;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The gateway answers /livez, /readyz and /metrics as a kube-apiserver does: health open to probes
 * and following the application's availability, metrics only for an authenticated caller.
 */
@GatewayMvcTest
class HealthControllerTest {
  @Autowired private MockMvc mvc;
  @Autowired private MeterRegistry registry;
  @Autowired private ApplicationContext context;

  @DynamicPropertySource
  static void tokensFile(DynamicPropertyRegistry registry) throws IOException {
    TokenFiles.register(registry, "viewer-token,bob,2,\"fleetflow:viewers\"");
  }

  @AfterEach
  void backToHealthy() {
    AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
    AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
  }

  @Test
  void aHealthyGatewayAnswersOkToProbesWithoutAToken() throws Exception {
    AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    for (String path : List.of("/livez", "/readyz", "/healthz")) {
      mvc.perform(get(path)).andExpect(status().isOk()).andExpect(content().string("ok"));
    }
  }

  @Test
  void aGatewayRefusingTrafficIsNotReadyButLive() throws Exception {
    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);

    mvc.perform(get("/readyz"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().string(containsString("readiness failed")));
    mvc.perform(get("/livez")).andExpect(status().isOk());
  }

  @Test
  void aBrokenGatewayIsNotLive() throws Exception {
    AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);

    mvc.perform(get("/livez")).andExpect(status().isInternalServerError());
  }

  @Test
  void metricsAreRefusedWithoutAToken() throws Exception {
    mvc.perform(get("/metrics")).andExpect(failure(401, "Unauthorized"));
    mvc.perform(get("/metrics").header("Authorization", "Bearer not-a-token"))
        .andExpect(failure(401, "Unauthorized"));
  }

  @Test
  void anAuthenticatedReaderGetsPrometheusText() throws Exception {
    registry.counter("fleetflow.test.scrapes").increment(3);

    mvc.perform(get("/metrics").header("Authorization", "Bearer viewer-token"))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", containsString("text/plain")))
        .andExpect(header().string("Content-Type", containsString("version=0.0.4")))
        .andExpect(
            content()
                .string(
                    containsString(
                        "fleetflow_test_scrapes_total{application=\"fleetflow-gateway\"} 3.0")));
  }
}
