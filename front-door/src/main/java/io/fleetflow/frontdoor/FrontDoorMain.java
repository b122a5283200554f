package io.fleetflow.frontdoor;

import io.fleetflow.model.certificates.Pem;
import io.fleetflow.security.codec.PayloadKeyRing;
import io.fleetflow.security.pki.ClusterSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the front door ({@code serve}, the default), or makes the files a local hub needs ({@code
 * init --dir DIR}): the cluster signer, the front door's serving certificate, the payload key ring
 * and a bootstrap token, each only if it is missing, so that running it again changes nothing.
 */
public final class FrontDoorMain {
  private FrontDoorMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
    String command = args.length > 0 && !args[0].startsWith("--") ? args[0] : "serve";
    String[] rest =
        args.length > 0 && !args[0].startsWith("--")
            ? Arrays.copyOfRange(args, 1, args.length)
            : args;
    try {
      switch (command) {
        case "serve" -> serve(FrontDoorOptions.parse(rest));
        case "init" -> init(rest);
        default ->
            throw new IllegalArgumentException(
                "unknown command " + command + "\n" + FrontDoorOptions.USAGE);
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }

  private static void serve(FrontDoorOptions options) throws Exception {
    FrontDoorServer server = FrontDoorServer.start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    server.awaitTermination();
  }

  private static void init(String[] args) {
    if (args.length != 2 || !args[0].equals("--dir")) {
      throw new IllegalArgumentException("init needs --dir DIR\n" + FrontDoorOptions.USAGE);
    }
    Path dir = Path.of(args[1]);
    report(
        ClusterSigner.createIfMissing(dir.resolve("cluster-signer"), "fleetflow-cluster-signer"),
        "the cluster signer",
        dir.resolve("cluster-signer"));
    report(
        ClusterSigner.createServingIfMissing(
            dir.resolve("front-door"), "fleetflow-front-door", List.of("127.0.0.1", "localhost")),
        "the front door's serving certificate",
        dir.resolve("front-door"));
    report(
        PayloadKeyRing.createIfMissing(dir.resolve("payload-keys")),
        "the payload key ring",
        dir.resolve("payload-keys"));
    Path tokens = dir.resolve("bootstrap-tokens");
    boolean newToken = !Files.exists(tokens);
    if (newToken) {
      Pem.write(
          tokens,
          "# Bootstrap tokens: <id>.<secret>; each may only ask to join.\n"
              + BootstrapTokens.generate()
              + "\n",
          true);
    }
    report(newToken, "a bootstrap token", tokens);
  }

  private static void report(boolean created, String what, Path where) {
    if (created) {
      System.err.println("front-door init: made " + what + " in " + where);
    }
  }
}
