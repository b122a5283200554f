package io.fleetflow.gateway;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.springframework.test.web.servlet.ResultMatcher;

/** Matches the Kubernetes {@code Status} body that every failed request must answer with. */
public final class KubeStatusMatchers {
  private KubeStatusMatchers() {}

  /** A JSON {@code Status} of a failure with this HTTP code and reason. */
  public static ResultMatcher failure(int code, String reason) {
    List<ResultMatcher> matchers =
        List.of(
            status().is(code),
            header().string("Content-Type", "application/json"),
            jsonPath("$.kind").value("Status"),
            jsonPath("$.apiVersion").value("v1"),
            jsonPath("$.status").value("Failure"),
            jsonPath("$.code").value(code),
            jsonPath("$.reason").value(reason),
            jsonPath("$.message").isNotEmpty());
    return result -> {
      for (ResultMatcher matcher : matchers) {
        matcher.match(result);
      }
    };
  }
}
