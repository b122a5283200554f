package io.fleetflow.gateway.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.gateway.api.ApiException;
import io.fleetflow.gateway.api.KubeStatus;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every API request by its bearer token and refuses writes by callers who may only
 * read. Health and discovery stay open, as on a Kubernetes API server, so probes and clients can
 * find the API before they authenticate.
 */
@Component
public class AuthFilter extends OncePerRequestFilter {
  /** The request attribute that holds the authenticated {@link Principal}. */
  public static final String PRINCIPAL = "fleetflow.principal";

  private static final Logger log = LoggerFactory.getLogger(AuthFilter.class);
  private final Optional<TokenFile> tokens;
  private final ObjectMapper json;

  public AuthFilter(
      @Value("${fleetflow.gateway.tokens-file:}") String tokensFile, ObjectMapper json) {
    this.json = json;
    if (tokensFile == null || tokensFile.isBlank()) {
      log.warn("no fleetflow.gateway.tokens-file set: every caller is an anonymous admin");
      this.tokens = Optional.empty();
    } else {
      this.tokens = Optional.of(TokenFile.read(Path.of(tokensFile)));
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI();
    if (isOpen(path)) {
      chain.doFilter(request, response);
      return;
    }
    Principal principal;
    if (tokens.isEmpty()) {
      principal = new Principal("anonymous", List.of(Principal.ADMINS));
    } else {
      String header = request.getHeader("Authorization");
      String token =
          header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
      Optional<Principal> found =
          token == null ? Optional.empty() : tokens.get().authenticate(token);
      if (found.isEmpty()) {
        reject(
            response,
            new ApiException(
                401,
                "Unauthorized",
                "Unauthorized: send a valid bearer token (the kubeconfig that ./fleetflow up"
                    + " writes to .fleetflow/kubeconfig carries one)",
                null,
                null));
        return;
      }
      principal = found.get();
    }
    boolean read = List.of("GET", "HEAD", "OPTIONS").contains(request.getMethod());
    if (!read && !principal.mayWrite()) {
      reject(
          response,
          new ApiException(
              403,
              "Forbidden",
              "user \""
                  + principal.user()
                  + "\" may only read: "
                  + request.getMethod()
                  + " needs one of the groups "
                  + String.join(", ", Principal.OPERATORS, Principal.APPROVERS, Principal.ADMINS),
              null,
              null));
      return;
    }
    request.setAttribute(PRINCIPAL, principal);
    chain.doFilter(request, response);
  }

  private static boolean isOpen(String path) {
    return path.equals("/healthz")
        || path.equals("/readyz")
        || path.equals("/livez")
        || path.equals("/version")
        || path.equals("/api")
        || path.equals("/apis")
        || path.equals("/api/v1")
        || path.startsWith("/openapi")
        // Discovery of a group and of a group version; a third segment is a resource.
        || path.matches("/apis/[^/]+(/[^/]+)?");
  }

  private void reject(HttpServletResponse response, ApiException e) throws IOException {
    response.setStatus(e.code());
    response.setContentType("application/json");
    json.writeValue(response.getOutputStream(), KubeStatus.failure(e));
  }
}
