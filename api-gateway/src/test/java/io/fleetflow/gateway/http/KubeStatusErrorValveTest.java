package io.fleetflow.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.gateway.api.ApiException;
import org.junit.jupiter.api.Test;

/**
 * Tomcat's own refusals become Statuses: headers past the limit a 431, a bad request line a 400.
 */
class KubeStatusErrorValveTest {
  @Test
  void headersPastTheLimitAreA431() {
    ApiException status =
        KubeStatusErrorValve.statusOf(
            400, new IllegalArgumentException("Request header is too large"));

    assertThat(status.code()).isEqualTo(431);
    assertThat(status.reason()).isEqualTo("RequestHeaderFieldsTooLarge");
    assertThat(status.getMessage()).contains("8 KiB");
  }

  @Test
  void otherRefusalsKeepTheirCode() {
    assertThat(KubeStatusErrorValve.statusOf(400, null).reason()).isEqualTo("BadRequest");
    assertThat(KubeStatusErrorValve.statusOf(505, null).reason()).isEqualTo("InternalError");
  }
}
