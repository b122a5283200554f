package io.fleetflow.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens in Kubernetes' static token file format: {@code token,user,uid,"group1,group2"} per
 * line. {@code ./fleetflow up} writes one with an admin and a viewer token.
 */
public final class TokenFile {
  private final Map<String, Principal> byToken;

  private TokenFile(Map<String, Principal> byToken) {
    this.byToken = byToken;
  }

  /** Reads a token file; blank lines and lines starting with # are skipped. */
  public static TokenFile read(Path file) {
    try {
      return parse(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token file " + file, e);
    }
  }

  /** Parses the lines of a token file. */
  public static TokenFile parse(List<String> lines) {
    Map<String, Principal> byToken = new HashMap<>();
    for (String line : lines) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      List<String> fields = splitCsv(trimmed);
      if (fields.size() < 2) {
        throw new IllegalArgumentException("a token line needs at least token,user: " + trimmed);
      }
      List<String> groups =
          fields.size() > 3 && !fields.get(3).isBlank()
              ? Arrays.stream(fields.get(3).split(",")).map(String::trim).toList()
              : List.of();
      byToken.put(fields.get(0), new Principal(fields.get(1), groups));
    }
    return new TokenFile(byToken);
  }

  /** Returns the caller a token belongs to. */
  public Optional<Principal> authenticate(String token) {
    return Optional.ofNullable(byToken.get(token));
  }

  private static List<String> splitCsv(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
