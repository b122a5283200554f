package io.fleetflow.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The command lines of the project's processes (hub, gateway, agents) as the tests start them:
 * the Spring Boot jars the build made, extracted once per build ({@code java -Djarmode=tools -jar
 * X-exec.jar extract}, Spring Boot's own layout for production) and run with a class data sharing
 * archive that the first process of each jar writes when it exits and every later one maps.
 *
 * <p>A start of the gateway from its nested jar costs about 16 s of CPU, extracted about 7 s, with
 * the archive about 4 s; a run of the tier starts the hub, gateway and agents dozens of times on
 * two cores, so this is most of what a fleet's start waits for. The code that runs is the same;
 * only class loading differs. The product's launcher and images are unchanged.
 */
final class AppJars {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final String VERSION = "0.1.0-SNAPSHOT";
  private static final Path EXTRACTED = REPO.resolve("e2e/target/apps");

  /**
   * Flags for every JVM the tests start. The processes spend a test's minutes mostly waiting, so
   * C2's peak speed never pays for its compile threads, which on a two-core machine compete with
   * the start of the other processes and with the test itself; C1 alone brings each process to
   * ready sooner.
   */
  private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1");

  private AppJars() {}

  /** {@code java -Xmx<heap> <flags> -jar <module's extracted jar>}, ready for the arguments. */
  static List<String> java(String module, String maxHeap, List<String> systemProperties) {
    Path jar = extracted(module);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + maxHeap);
    command.addAll(JVM_FLAGS);
    command.add("-XX:SharedArchiveFile=" + jar.resolveSibling(module + ".jsa"));
    command.add("-XX:+AutoCreateSharedArchive");
    command.addAll(systemProperties);
    command.add("-jar");
    command.add(jar.toString());
    return command;
  }

  /**
   * Extracts a module's exec jar unless the extraction is of this very jar (its size and time),
   * and returns the extracted jar. A new build extracts again and drops the old archive.
   */
  private static synchronized Path extracted(String module) {
    Path execJar = REPO.resolve(module + "/target/" + module + "-" + VERSION + "-exec.jar");
    Path dir = EXTRACTED.resolve(module);
    Path stamp = EXTRACTED.resolve(module + ".stamp");
    try {
      String built = Files.size(execJar) + " " + Files.getLastModifiedTime(execJar).toMillis();
      if (!Files.exists(stamp) || !Files.readString(stamp).equals(built)) {
        deleteTree(dir);
        Files.createDirectories(dir);
        Fleet.run(
            ProcessHandle.current().info().command().orElse("java"),
            "-XX:TieredStopAtLevel=1",
            "-Djarmode=tools",
            "-jar",
            execJar.toString(),
            "extract",
            "--destination",
            dir.toString());
        Files.writeString(stamp, built);
      }
      return dir.resolve(execJar.getFileName());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + execJar, e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
