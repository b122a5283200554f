package io.fleetflow.gateway;

import io.fleetflow.gateway.api.ItemWriter;
import io.fleetflow.gateway.api.ListSnapshots;
import io.fleetflow.gateway.api.ObjectReader;
import io.fleetflow.gateway.codec.PayloadKeys;
import io.fleetflow.gateway.entity.EntityService;
import io.fleetflow.gateway.entity.TemporalClientConfig;
import io.temporal.client.WorkflowClient;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The gateway's web layer (controllers, advice, {@code AuthFilter}) over the real {@link
 * EntityService}, with the Temporal {@link WorkflowClient} a Mockito mock. {@code @WebMvcTest}
 * loads only Spring MVC's auto-configurations, so none of the Temporal starter's
 * auto-configurations run and no connection to a Temporal server is attempted.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest
// Availability and the Prometheus registry back /livez, /readyz and /metrics (HealthController).
@ImportAutoConfiguration({
  ApplicationAvailabilityAutoConfiguration.class,
  MetricsAutoConfiguration.class,
  PrometheusMetricsExportAutoConfiguration.class
})
@Import({
  EntityService.class,
  ListSnapshots.class,
  ObjectReader.class,
  ItemWriter.class,
  TemporalClientConfig.class,
  io.fleetflow.gateway.auth.RbacWrites.class,
  io.fleetflow.gateway.cache.GatewayFeed.class,
  PayloadKeys.class
})
@MockitoBean(types = WorkflowClient.class)
@org.springframework.test.context.TestPropertySource(
    properties = "fleetflow.gateway.rbac.follow-feed=false")
public @interface GatewayMvcTest {}
