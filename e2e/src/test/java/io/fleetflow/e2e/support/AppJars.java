package io.fleetflow.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The command lines of the project's processes (hub, gateway, agents) as the tests start them: the
 * Spring Boot jars the build made, extracted once per build (the layout of Spring Boot's {@code
 * java -Djarmode=tools -jar X-exec.jar extract}, its advice for production) and run with a class
 * data sharing archive that the first process of each jar and heap size writes when it exits and
 * every later one maps ({@link SharedArchives}).
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
  private static final String LIB = "BOOT-INF/lib/";
  private static final String CLASSES = "BOOT-INF/classes/";

  /**
   * Flags for every JVM the tests start. The processes spend a test's minutes mostly waiting, so
   * C2's peak speed never pays for its compile threads, which on a two-core machine compete with
   * the start of the other processes and with the test itself; C1 alone brings each process to
   * ready sooner. Benchmarks measure the product as it runs, with C2: {@code ./fleetflow bench}
   * sets {@code -Dfleetflow.e2e.c2=true}.
   */
  private static final List<String> JVM_FLAGS =
      Boolean.getBoolean("fleetflow.e2e.c2") ? List.of() : List.of("-XX:TieredStopAtLevel=1");

  private AppJars() {}

  /** {@code java -Xmx<heap> <flags> -jar <module's extracted jar>}, ready for the arguments. */
  static List<String> java(String module, String maxHeap, List<String> systemProperties) {
    Path jar = extracted(module);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + maxHeap);
    command.addAll(JVM_FLAGS);
    command.addAll(SharedArchives.flags(jar, module + "-" + maxHeap));
    command.addAll(systemProperties);
    command.add("-jar");
    command.add(jar.toString());
    return command;
  }

  /**
   * Extracts a module's exec jar unless the extraction is of this very jar (its size and time), and
   * returns the extracted jar. A new build extracts again and drops the old archive.
   */
  private static synchronized Path extracted(String module) {
    Path execJar = REPO.resolve(module + "/target/" + module + "-" + VERSION + "-exec.jar");
    Path dir = EXTRACTED.resolve(module);
    Path stamp = EXTRACTED.resolve(module + ".stamp");
    try {
      String built = Files.size(execJar) + " " + Files.getLastModifiedTime(execJar).toMillis();
      Path app = dir.resolve(module + ".jar");
      if (!Files.exists(stamp) || !Files.readString(stamp).equals(built)) {
        deleteTree(dir);
        Files.createDirectories(dir.resolve("lib"));
        extract(execJar, app);
        Files.writeString(stamp, built);
      }
      return app;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + execJar, e);
    }
  }

  /**
   * Writes the layout Spring Boot's {@code jarmode=tools extract} writes (which only jars with
   * Spring in them can run): the libraries as files in {@code lib/}, and an application jar of the
   * classes whose manifest names the start class and the libraries, in the exec jar's order.
   */
  private static void extract(Path execJar, Path app) throws IOException {
    try (JarFile jar = new JarFile(execJar.toFile())) {
      List<JarEntry> libs =
          jar.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(LIB)).toList();
      Manifest manifest = new Manifest();
      Attributes main = manifest.getMainAttributes();
      main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
      main.put(
          Attributes.Name.MAIN_CLASS,
          jar.getManifest().getMainAttributes().getValue("Start-Class"));
      main.put(
          Attributes.Name.CLASS_PATH,
          String.join(
              " ", libs.stream().map(e -> "lib/" + e.getName().substring(LIB.length())).toList()));
      for (JarEntry lib : libs) {
        try (InputStream in = jar.getInputStream(lib)) {
          Files.copy(in, app.resolveSibling("lib").resolve(lib.getName().substring(LIB.length())));
        }
      }
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(app), manifest)) {
        for (JarEntry entry : jar.stream().toList()) {
          String name = entry.getName();
          if (!name.startsWith(CLASSES) || name.equals(CLASSES)) {
            continue;
          }
          out.putNextEntry(new JarEntry(name.substring(CLASSES.length())));
          if (!entry.isDirectory()) {
            try (InputStream in = jar.getInputStream(entry)) {
              in.transferTo(out);
            }
          }
          out.closeEntry();
        }
      }
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
