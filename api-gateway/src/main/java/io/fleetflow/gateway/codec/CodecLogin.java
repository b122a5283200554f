package io.fleetflow.gateway.codec;

import io.fleetflow.gateway.auth.AuthFilter;
import io.fleetflow.gateway.auth.JwtAuthenticator;
import io.fleetflow.gateway.auth.Principal;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * How the Temporal UI, which runs in a browser on another origin, reaches the codec endpoint with a
 * gateway token: an operator opens {@code /codec/login} once, pastes a token, and the gateway keeps
 * it in an HTTP-only cookie scoped to {@code /codec}; the UI's codec requests (with "include
 * credentials") carry it. Cross-origin requests are allowed from the UI's origins only ({@code
 * fleetflow.codec.allowed-origins}).
 */
@RestController
public class CodecLogin {
  /** Where every codec path starts. */
  public static final String PATH_PREFIX = "/codec/";

  /** The login page, open to everyone: it checks the token it is given. */
  public static final String LOGIN_PATH = "/codec/login";

  /** The decode path, which viewers may call too. */
  public static final String DECODE_PATH = "/codec/decode";

  private static final String COOKIE = "fleetflow-codec-token";
  private static final Duration COOKIE_LIFETIME = Duration.ofHours(12);

  private final AuthFilter auth;

  public CodecLogin(AuthFilter auth) {
    this.auth = auth;
  }

  /** The token in the codec cookie, or null. */
  public static String cookieToken(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    return cookies == null
        ? null
        : Arrays.stream(cookies)
            .filter(c -> c.getName().equals(COOKIE))
            .map(Cookie::getValue)
            .findFirst()
            .orElse(null);
  }

  @GetMapping(path = LOGIN_PATH, produces = MediaType.TEXT_HTML_VALUE)
  public String page() {
    return page(
        "Paste a Fleetflow gateway token (from .fleetflow/tokens) so that the Temporal UI"
            + " can decode payloads as you.");
  }

  @PostMapping(
      path = LOGIN_PATH,
      consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
      produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> login(
      @RequestParam(name = "token", required = false) String token) {
    Optional<Principal> principal;
    try {
      principal = auth.authenticate(token == null ? null : token.trim());
    } catch (JwtAuthenticator.JwtRejected e) {
      return ResponseEntity.status(401)
          .body(page("That token was not accepted: " + escape(e.getMessage()) + ". Try again."));
    }
    if (principal.isEmpty()) {
      return ResponseEntity.status(401).body(page("That token is not valid. Try again."));
    }
    ResponseCookie cookie =
        ResponseCookie.from(COOKIE, token.trim())
            .httpOnly(true)
            .secure(true)
            .sameSite("None")
            .path("/codec")
            .maxAge(COOKIE_LIFETIME)
            .build();
    return ResponseEntity.ok()
        .header(HttpHeaders.SET_COOKIE, cookie.toString())
        .body(
            page(
                "Signed in as "
                    + escape(principal.get().user())
                    + " for 12 hours. In the Temporal UI's codec server settings, keep this"
                    + " gateway's /codec address and tick \"include cross-origin credentials\"."));
  }

  /** Cross-origin access to the codec paths for the Temporal UI's origins, with credentials. */
  @Bean
  public static FilterRegistrationBean<CorsFilter> codecCors(
      @Value("${fleetflow.codec.allowed-origins:http://127.0.0.1:8233,http://localhost:8233}")
          List<String> origins) {
    CorsConfiguration config = new CorsConfiguration();
    config.setAllowedOrigins(origins);
    config.setAllowedMethods(List.of("POST", "OPTIONS"));
    config.setAllowedHeaders(List.of("Content-Type", "Authorization", "X-Namespace"));
    config.setAllowCredentials(true);
    config.setMaxAge(Duration.ofHours(1));
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/codec/**", config);
    FilterRegistrationBean<CorsFilter> registration =
        new FilterRegistrationBean<>(new CorsFilter(source));
    // Before authentication, so that a preflight (which carries no credential) gets its answer.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.addUrlPatterns("/codec/*");
    return registration;
  }

  private static String page(String message) {
    return """
        <!doctype html><html><head><meta charset="utf-8"><title>Fleetflow codec login</title></head>
        <body><h1>Fleetflow: decode payloads in the Temporal UI</h1><p>%s</p>
        <form method="post" action="/codec/login"><input type="password" name="token" size="40"
        autocomplete="off"> <button type="submit">Sign in</button></form></body></html>
        """
        .formatted(message);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
