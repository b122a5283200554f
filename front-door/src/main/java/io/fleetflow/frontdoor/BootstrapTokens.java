package io.fleetflow.frontdoor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bootstrap tokens a new agent may join with, in Kubernetes' bootstrap token format {@code
 * <id>.<secret>} (6 and 16 characters of {@code [a-z0-9]}), one per line. The id is public (it
 * names the requester, {@code system:bootstrap:<id>}); the secret is compared in constant time.
 */
public final class BootstrapTokens {
  private static final Pattern TOKEN = Pattern.compile("([a-z0-9]{6})\\.([a-z0-9]{16})");
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final Map<String, byte[]> secrets;

  private BootstrapTokens(Map<String, byte[]> secrets) {
    this.secrets = secrets;
  }

  /** Reads a token file; blank lines and lines starting with {@code #} are skipped. */
  public static BootstrapTokens read(Path file) {
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    try {
      int n = 0;
      for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        n++;
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        var m = TOKEN.matcher(line);
        if (!m.matches()) {
          throw new IllegalArgumentException(
              file + " line " + n + ": a bootstrap token is <6 of [a-z0-9]>.<16 of [a-z0-9]>");
        }
        secrets.put(m.group(1), m.group(2).getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bootstrap tokens " + file, e);
    }
    return new BootstrapTokens(secrets);
  }

  /** The token's id, if the token is one of these. */
  public Optional<String> authenticate(String token) {
    var m = token == null ? null : TOKEN.matcher(token.strip());
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    byte[] expected = secrets.get(m.group(1));
    byte[] given = m.group(2).getBytes(StandardCharsets.US_ASCII);
    return expected != null && MessageDigest.isEqual(expected, given)
        ? Optional.of(m.group(1))
        : Optional.empty();
  }

  /** A new random token in the bootstrap format. */
  public static String generate() {
    SecureRandom random = new SecureRandom();
    StringBuilder token = new StringBuilder();
    for (int i = 0; i < 23; i++) {
      token.append(i == 6 ? '.' : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return token.toString();
  }
}
