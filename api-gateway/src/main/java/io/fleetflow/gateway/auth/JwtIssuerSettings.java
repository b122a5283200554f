package io.fleetflow.gateway.auth;

import java.util.Optional;

/**
 * The issuer of JWT bearer tokens that the gateway accepts ({@code fleetflow.gateway.jwt.*}). No
 * issuer means no JWTs; with one, exactly one of {@code jwk-set-uri} (an OIDC provider's keys) and
 * {@code public-key-file} (a PEM RSA public key, such as the local issuer's that {@code ./fleetflow
 * up} makes) names its keys.
 *
 * @param issuer the {@code iss} every token must carry
 * @param jwkSetUri where the issuer publishes its signing keys
 * @param publicKeyFile a PEM file with the issuer's RSA public key
 * @param audience when set, the {@code aud} every token must include
 * @param usernameClaim the claim that names the user ({@code sub} by default)
 * @param groupsClaim the claim that lists the user's groups ({@code groups} by default)
 */
public record JwtIssuerSettings(
    String issuer,
    String jwkSetUri,
    String publicKeyFile,
    String audience,
    String usernameClaim,
    String groupsClaim) {
  public JwtIssuerSettings {
    issuer = orEmpty(issuer);
    jwkSetUri = orEmpty(jwkSetUri);
    publicKeyFile = orEmpty(publicKeyFile);
    audience = orEmpty(audience);
    usernameClaim = usernameClaim == null || usernameClaim.isBlank() ? "sub" : usernameClaim;
    groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim;
  }

  /**
   * The authenticator these settings describe, or empty when no issuer is set.
   *
   * @throws IllegalArgumentException when an issuer is set without its keys, or with both kinds
   */
  public Optional<JwtAuthenticator> authenticator() {
    if (issuer.isBlank()) {
      return Optional.empty();
    }
    if (jwkSetUri.isBlank() == publicKeyFile.isBlank()) {
      throw new IllegalArgumentException(
          "fleetflow.gateway.jwt.issuer "
              + issuer
              + " needs exactly one of fleetflow.gateway.jwt.jwk-set-uri and"
              + " fleetflow.gateway.jwt.public-key-file");
    }
    return Optional.of(new JwtAuthenticator(this));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value.trim();
  }
}
