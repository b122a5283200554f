package io.fleetflow.gateway.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * Authenticates JWT bearer tokens with Spring Security's OAuth2 resource server: Nimbus checks the
 * signature against the issuer's keys (its JWKS URI, or one local public key), and the issuer,
 * expiry, not-before and, when configured, the audience are validated before any claim is read. The
 * username claim becomes the caller's user and the groups claim its groups, as Kubernetes' {@code
 * --oidc-username-claim} and {@code --oidc-groups-claim} do.
 */
public final class JwtAuthenticator {
  private final JwtIssuerSettings settings;
  private final JwtAuthenticationProvider provider;

  /** An authenticator for one issuer; reads the public key file, if any, once. */
  public JwtAuthenticator(JwtIssuerSettings settings) {
    this.settings = settings;
    NimbusJwtDecoder decoder =
        settings.jwkSetUri().isBlank()
            ? NimbusJwtDecoder.withPublicKey(publicKey(Path.of(settings.publicKeyFile()))).build()
            : NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
    decoder.setJwtValidator(validator(settings));
    this.provider = new JwtAuthenticationProvider(decoder);
    JwtGrantedAuthoritiesConverter groups = new JwtGrantedAuthoritiesConverter();
    groups.setAuthoritiesClaimName(settings.groupsClaim());
    groups.setAuthorityPrefix("");
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setPrincipalClaimName(settings.usernameClaim());
    converter.setJwtGrantedAuthoritiesConverter(groups);
    provider.setJwtAuthenticationConverter(converter);
  }

  /** The issuer whose tokens this authenticator accepts. */
  public String issuer() {
    return settings.issuer();
  }

  /**
   * Returns true when a bearer token has a JWT's shape (three Base64url parts), so that it is
   * judged here rather than looked up among the static tokens.
   */
  public static boolean looksLikeJwt(String token) {
    return token != null && token.chars().filter(c -> c == '.').count() == 2;
  }

  /**
   * The caller a valid token stands for.
   *
   * @throws JwtRejected with the reason when the signature, the issuer, the expiry or the claims
   *     are not accepted
   */
  public Principal authenticate(String token) {
    Authentication authenticated;
    try {
      authenticated = provider.authenticate(new BearerTokenAuthenticationToken(token));
    } catch (OAuth2AuthenticationException e) {
      String description = e.getError().getDescription();
      throw new JwtRejected(description == null ? e.getMessage() : description);
    } catch (AuthenticationException e) {
      throw new JwtRejected(e.getMessage());
    }
    String user = authenticated.getName();
    if (user == null || user.isBlank()) {
      throw new JwtRejected("the token has no \"" + settings.usernameClaim() + "\" claim");
    }
    List<String> groups = new ArrayList<>();
    for (GrantedAuthority authority : authenticated.getAuthorities()) {
      groups.add(authority.getAuthority());
    }
    return new Principal(user, List.copyOf(groups));
  }

  private static OAuth2TokenValidator<Jwt> validator(JwtIssuerSettings settings) {
    OAuth2TokenValidator<Jwt> standard = JwtValidators.createDefaultWithIssuer(settings.issuer());
    if (settings.audience().isBlank()) {
      return standard;
    }
    OAuth2TokenValidator<Jwt> audience =
        new JwtClaimValidator<List<String>>(
            "aud", aud -> aud != null && aud.contains(settings.audience()));
    return new DelegatingOAuth2TokenValidator<>(standard, audience);
  }

  private static RSAPublicKey publicKey(Path file) {
    Converter<InputStream, RSAPublicKey> x509 = RsaKeyConverters.x509();
    try (InputStream in = Files.newInputStream(file)) {
      return x509.convert(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token issuer's public key " + file, e);
    }
  }

  /** A JWT that was not accepted, and why, in words a user can act on. */
  public static final class JwtRejected extends RuntimeException {
    JwtRejected(String reason) {
      super(reason);
    }
  }
}
