package io.fleetflow.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The gateway's TLS key and certificate (for 127.0.0.1) in the files a fleet's gateway and clients
 * read: {@code gateway.p12} and {@code gateway.crt}. keytool is two JVM starts, seconds each on a
 * loaded machine, so the pair is made once per test JVM and copied into every fleet's directory;
 * each fleet still has its own tokens.
 */
final class GatewayTls {
  /** The keystore's password; the key never leaves the test's directories. */
  static final String PASSWORD = "fleetflow";

  private static Path made;

  private GatewayTls() {}

  /** Writes {@code gateway.p12} and {@code gateway.crt} into a fleet's directory. */
  static void copyInto(Path dir) throws IOException {
    Path shared = shared();
    for (String file : List.of("gateway.p12", "gateway.crt")) {
      Files.copy(shared.resolve(file), dir.resolve(file));
    }
  }

  private static synchronized Path shared() throws IOException {
    if (made != null) {
      return made;
    }
    Path dir =
        Path.of("..")
            .toAbsolutePath()
            .normalize()
            .resolve("e2e/target/e2e/tls-" + ProcessHandle.current().pid());
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("gateway.p12"));
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Fleet.run(
        keytool,
        "-J-XX:TieredStopAtLevel=1",
        "-genkeypair",
        "-alias",
        "gateway",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=fleetflow-gateway",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "30",
        "-storetype",
        "PKCS12",
        "-keystore",
        dir.resolve("gateway.p12").toString(),
        "-storepass",
        PASSWORD);
    Fleet.run(
        keytool,
        "-J-XX:TieredStopAtLevel=1",
        "-exportcert",
        "-rfc",
        "-alias",
        "gateway",
        "-keystore",
        dir.resolve("gateway.p12").toString(),
        "-storepass",
        PASSWORD,
        "-file",
        dir.resolve("gateway.crt").toString());
    made = dir;
    return made;
  }
}
