package io.fleetflow.gateway.http;

import java.util.Locale;
import java.util.Optional;

/**
 * Kubernetes paths are plain: {@code /apis/<group>/<version>/.../<name>} with names that are DNS
 * subdomains. A raw request path with anything a server might read differently from how it was
 * checked is refused, so that no path means one object to the gateway's checks and another to its
 * routing: matrix parameters ({@code cluster1;x=y}, which the router would strip to {@code
 * cluster1}), encoded slashes, backslashes or dots, empty, {@code .} and {@code ..} segments, and
 * control characters.
 */
public final class PathRules {
  private PathRules() {}

  /** Returns why a raw request path (as sent, not decoded) is refused, if it is. */
  public static Optional<String> check(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return Optional.of("the path is empty");
    }
    String lower = rawPath.toLowerCase(Locale.ROOT);
    if (rawPath.indexOf(';') >= 0) {
      return Optional.of(
          "the path contains ';' (matrix parameters), which no Kubernetes path has: name the"
              + " object alone, for example /apis/cluster.open-cluster-management.io/v1/"
              + "managedclusters/cluster1");
    }
    if (lower.contains("%2f") || lower.contains("%5c") || rawPath.indexOf('\\') >= 0) {
      return Optional.of("the path contains an encoded '/' or a backslash");
    }
    if (lower.contains("%2e") || lower.contains("%25") || lower.contains("%00")) {
      return Optional.of("the path contains an encoded '.', '%' or NUL");
    }
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return Optional.of("the path contains a control character");
      }
    }
    String[] segments = rawPath.split("/", -1);
    for (int i = 1; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.of("the path contains a '" + segment + "' segment");
      }
      if (segment.isEmpty() && !last) {
        return Optional.of("the path contains an empty segment ('//')");
      }
    }
    return Optional.empty();
  }
}
