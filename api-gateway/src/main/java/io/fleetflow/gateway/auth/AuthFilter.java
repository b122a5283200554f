package io.fleetflow.gateway.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.gateway.api.ApiException;
import io.fleetflow.gateway.api.KubeStatus;
import io.fleetflow.gateway.codec.CodecLogin;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every API request by its bearer token, or else by the client certificate it
 * presented ({@link ClientCertificates}: add-on agents, as OCM's add-on registration gives them
 * one); the controllers authorize it by RBAC ({@link RequestAuthorizer}). Health and discovery stay
 * open, as on a Kubernetes API server, so probes and clients can find the API before they
 * authenticate.
 */
@Component
public class AuthFilter extends OncePerRequestFilter {
  /** The request attribute that holds the authenticated {@link Principal}. */
  public static final String PRINCIPAL = "fleetflow.principal";

  private static final Logger log = LoggerFactory.getLogger(AuthFilter.class);
  private final Optional<TokenFile> tokens;
  private final Optional<JwtAuthenticator> jwts;
  private final ObjectMapper json;

  public AuthFilter(
      @Value("${fleetflow.gateway.tokens-file:}") String tokensFile,
      Environment environment,
      ObjectMapper json) {
    this.json = json;
    this.jwts =
        Binder.get(environment)
            .bind("fleetflow.gateway.jwt", JwtIssuerSettings.class)
            .orElseGet(() -> new JwtIssuerSettings(null, null, null, null, null, null))
            .authenticator();
    jwts.ifPresent(j -> log.info("accepting JWT bearer tokens of the issuer {}", j.issuer()));
    if (tokensFile == null || tokensFile.isBlank()) {
      this.tokens = Optional.empty();
      if (jwts.isEmpty()) {
        log.warn("no fleetflow.gateway.tokens-file set: every caller is an anonymous admin");
      }
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
    Optional<Principal> found;
    try {
      String token = token(request, path);
      found =
          token == null
              ? ClientCertificates.authenticate(
                      request.getAttribute(ClientCertificates.ATTRIBUTE), new Date())
                  .or(() -> authenticate(null))
              : authenticate(token);
    } catch (ClientCertificates.CertificateRejected e) {
      reject(
          response,
          new ApiException(
              401,
              "Unauthorized",
              "Unauthorized: "
                  + e.getMessage()
                  + " (an add-on agent's certificate is renewed by its ManagedClusterAddOn)",
              null,
              null));
      return;
    } catch (JwtAuthenticator.JwtRejected e) {
      reject(
          response,
          new ApiException(
              401,
              "Unauthorized",
              "Unauthorized: the bearer token is a JWT that was not accepted: "
                  + e.getMessage()
                  + " (get a fresh token from the issuer "
                  + jwts.map(JwtAuthenticator::issuer).orElse("")
                  + "; with ./fleetflow up: ./fleetflow token --user NAME --groups GROUP)",
              null,
              null));
      return;
    }
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
    // What the caller may do is decided per request by RBAC (RequestAuthorizer).
    Principal principal = found.get();
    request.setAttribute(PRINCIPAL, principal);
    chain.doFilter(request, response);
  }

  /**
   * The caller a token stands for, or empty when the token is missing or unknown; with neither a
   * token file nor a JWT issuer every caller is an anonymous admin. A token shaped like a JWT is
   * judged by the issuer when one is configured, unless it is one of the static tokens.
   *
   * @throws JwtAuthenticator.JwtRejected when a JWT is not a static token and the issuer's checks
   *     refuse it (bad signature, another issuer, expired)
   */
  public Optional<Principal> authenticate(String token) {
    if (tokens.isEmpty() && jwts.isEmpty()) {
      return Optional.of(new Principal("anonymous", List.of(Principal.ADMINS)));
    }
    if (token == null) {
      return Optional.empty();
    }
    Optional<Principal> known = tokens.flatMap(file -> file.authenticate(token));
    if (known.isPresent() || jwts.isEmpty() || !JwtAuthenticator.looksLikeJwt(token)) {
      return known;
    }
    return Optional.of(jwts.get().authenticate(token));
  }

  /**
   * The bearer token of a request; the codec endpoint also takes the cookie that its login page
   * sets, since the Temporal UI sends cookies but no header of ours.
   */
  private static String token(HttpServletRequest request, String path) {
    String header = request.getHeader("Authorization");
    if (header != null && header.startsWith("Bearer ")) {
      return header.substring(7).trim();
    }
    return path.startsWith(CodecLogin.PATH_PREFIX) ? CodecLogin.cookieToken(request) : null;
  }

  private static boolean isOpen(String path) {
    return path.equals("/healthz")
        || path.equals(CodecLogin.LOGIN_PATH)
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
