package io.fleetflow.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * An OIDC issuer for tests: an RSA key pair whose public key it writes as PEM, as the gateway's
 * {@code fleetflow.gateway.jwt.public-key-file} expects, and tokens signed with its private key.
 */
final class TestIssuer {
  static final String ISSUER = "https://issuer.test";
  private final KeyPair keys;

  TestIssuer() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      this.keys = generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the public key to a temporary PEM file and returns its path. */
  String publicKeyFile() {
    try {
      Path file = Files.createTempFile("issuer", ".pub");
      file.toFile().deleteOnExit();
      String base64 =
          Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded());
      Files.writeString(
          file, "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n");
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A token of this issuer for the user and groups, valid for an hour. */
  String token(String user, List<String> groups) {
    return token(ISSUER, user, groups, Instant.now().plus(Duration.ofHours(1)));
  }

  /** A token signed with this issuer's key, with any issuer and expiry. */
  String token(String issuer, String user, List<String> groups, Instant expiry) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(user)
            .claim("groups", groups)
            .issueTime(Date.from(expiry.minus(Duration.ofHours(2))))
            .expirationTime(Date.from(expiry))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    try {
      jwt.sign(new RSASSASigner(keys.getPrivate()));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
