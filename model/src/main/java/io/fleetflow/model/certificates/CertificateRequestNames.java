package io.fleetflow.model.certificates;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name under which the hub stores a cluster's request: {@code <cluster>-<12 hex digits of the
 * request's SHA-256>}. The same request (a retried join) gets the same name, so it is stored once;
 * the agent, which knows its request, knows the name to read its certificate from.
 */
public final class CertificateRequestNames {
  private CertificateRequestNames() {}

  /** The name of a cluster's request, given as PEM. */
  public static String of(String cluster, String pem) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(pem.strip().getBytes(StandardCharsets.UTF_8));
      return cluster + "-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The name of an add-on agent's request on a cluster: {@code addon-<cluster>-<addon>-<hash>}, as
   * OCM's add-on requests carry the add-on in their names.
   */
  public static String ofAddOn(String cluster, String addOn, String pem) {
    return of("addon-" + cluster + "-" + addOn, pem);
  }

  /** Whether a request name is one of this cluster's. */
  public static boolean isOf(String cluster, String name) {
    return name.startsWith(cluster + "-") && name.length() == cluster.length() + 13;
  }
}
