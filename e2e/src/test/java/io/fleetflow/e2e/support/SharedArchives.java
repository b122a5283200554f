package io.fleetflow.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The class data sharing archive flags of a test process, so that no process ever maps an archive
 * another one is still writing.
 *
 * <p>The JVM's {@code -XX:+AutoCreateSharedArchive} rewrites its archive in place when a process
 * finds it unusable (another heap size makes it so), and a process that starts while another one
 * writes crashes in the JVM's own validation (SIGSEGV in {@code AOTClassLocationConfig::validate},
 * three agent fleets in one run of the tier on 2026-12-07). Instead, each jar and heap size has an
 * archive of its own, one process writes it ({@code -XX:ArchiveClassesAtExit}) to a file of its
 * own, the archive is moved into place atomically once that process has ended, and from then on
 * every process only reads it. While the writer runs, the others start without an archive, as they
 * would on a fresh checkout.
 */
final class SharedArchives {
  private SharedArchives() {}

  /**
   * The archive flags for a process of the jar.
   *
   * @param jar the extracted application jar; its archives live beside it and go with it when a new
   *     build extracts again
   * @param key what makes an archive usable by this process and not another (module and heap)
   */
  static synchronized List<String> flags(Path jar, String key) {
    Path archive = jar.resolveSibling(key + ".jsa");
    Path writing = jar.resolveSibling(key + ".jsa.writing");
    try {
      if (Files.exists(archive)) {
        return List.of("-XX:SharedArchiveFile=" + archive);
      }
      if (writerRuns(writing)) {
        return List.of();
      }
      if (Files.exists(writing)) {
        Files.move(writing, archive, StandardCopyOption.ATOMIC_MOVE);
        return List.of("-XX:SharedArchiveFile=" + archive);
      }
      return List.of("-XX:ArchiveClassesAtExit=" + writing);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot place the shared archive " + archive, e);
    }
  }

  /** Whether a live process was started to write the file (it writes as it exits). */
  private static boolean writerRuns(Path writing) {
    String flag = "-XX:ArchiveClassesAtExit=" + writing;
    return ProcessHandle.allProcesses()
        .anyMatch(
            p -> p.info().arguments().map(args -> List.of(args).contains(flag)).orElse(false));
  }
}
