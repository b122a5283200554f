package io.fleetflow.gateway.http;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Puts {@link KubeStatusErrorValve} where Tomcat reports its own errors, in place of the HTML one
 * (Tomcat's default, and the one Spring Boot adds). Runs after Spring Boot's customizers, so its
 * valve is the one left.
 */
@Component
public class TomcatErrors
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(
        context -> {
          Container parent = context.getParent();
          if (parent instanceof StandardHost host) {
            for (Valve valve : host.getPipeline().getValves()) {
              if (valve instanceof ErrorReportValve && !(valve instanceof KubeStatusErrorValve)) {
                host.getPipeline().removeValve(valve);
              }
            }
            // The host adds a valve of this class when it starts, unless one is there already.
            host.setErrorReportValveClass(KubeStatusErrorValve.class.getName());
            host.getPipeline().addValve(new KubeStatusErrorValve());
          }
        });
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
