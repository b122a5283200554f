package io.fleetflow.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An operator who sets {@code fleetflow.log.json=true} gets one JSON object per log event, with the
 * workflow id and the cluster from the MDC as fields; without it, the usual text lines.
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @SpringBootConfiguration
  static class Empty {}

  private static void logAboutCluster(String... args) {
    SpringApplication app = new SpringApplication(Empty.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    try (ConfigurableApplicationContext ignored = app.run(args)) {
      MDC.put("WorkflowId", "ManagedCluster/cluster7");
      MDC.put(ClusterLogContext.KEY, "cluster7");
      try {
        LoggerFactory.getLogger("io.fleetflow.test").info("lease renewed\nsecond line");
      } finally {
        MDC.clear();
      }
    }
  }

  private static List<String> linesWith(CapturedOutput output, String text) {
    return Arrays.stream(output.getOut().split("\n")).filter(l -> l.contains(text)).toList();
  }

  @Test
  void withJsonLogsEveryEventIsOneJsonLineWithWorkflowAndCluster(CapturedOutput output)
      throws Exception {
    logAboutCluster("--fleetflow.log.json=true");

    List<String> lines = linesWith(output, "lease renewed");
    assertThat(lines).hasSize(1);
    JsonNode event = JSON.readTree(lines.get(0));
    assertThat(event.path("message").asText()).isEqualTo("lease renewed\nsecond line");
    assertThat(event.path("log").path("level").asText()).isEqualTo("INFO");
    assertThat(event.path("log").path("logger").asText()).isEqualTo("io.fleetflow.test");
    assertThat(event.path("WorkflowId").asText()).isEqualTo("ManagedCluster/cluster7");
    assertThat(event.path("cluster").asText()).isEqualTo("cluster7");
    assertThat(event.has("@timestamp")).isTrue();
  }

  @Test
  void withoutTheFlagLogsStayText(CapturedOutput output) {
    logAboutCluster();

    List<String> lines = linesWith(output, "lease renewed");
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).doesNotStartWith("{").contains("INFO");
  }
}
