package io.fleetflow.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.gateway.api.ApiException;
import io.fleetflow.gateway.api.KubeStatus;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every request, before authentication: refuses paths that {@link PathRules}
 * does not allow (400) and multipart bodies (415, on every path, {@code /healthz} included), which
 * no Kubernetes API takes and which the servlet container would otherwise try to parse. Anyone may
 * be refused here; nothing is read, so nothing is revealed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestFirewall extends OncePerRequestFilter {
  private final ObjectMapper json;

  public RequestFirewall(ObjectMapper json) {
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<String> badPath = PathRules.check(request.getRequestURI());
    if (badPath.isPresent()) {
      refuse(response, ApiException.badRequest(badPath.get() + ": " + request.getRequestURI()));
      return;
    }
    String contentType = request.getContentType();
    if (contentType != null
        && contentType.toLowerCase(Locale.ROOT).trim().startsWith("multipart/")) {
      refuse(
          response,
          ApiException.unsupportedMediaType(
              "multipart bodies are not accepted: send the object as application/json or"
                  + " application/yaml"));
      return;
    }
    chain.doFilter(request, response);
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return true;
  }

  private void refuse(HttpServletResponse response, ApiException e) throws IOException {
    response.setStatus(e.code());
    response.setContentType("application/json");
    // The body is not read: close the connection rather than leave the client's bytes in it.
    response.setHeader("Connection", "close");
    json.writeValue(response.getOutputStream(), KubeStatus.failure(e));
  }
}
