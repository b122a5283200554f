package io.fleetflow.agent.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted agent remembers whom it applied works for. The ConfigMap an agent in a pod keeps them
 * in is shown against a real API server with the agent's own RBAC ({@code RealClusterE2ETest}): the
 * mock server does not create objects by server-side apply.
 */
class HolderRegistryTest {
  private static final String RS_A = "ManifestWorkReplicaSet/default/web";
  private static final String RS_B = "ManifestWorkReplicaSet/team-a/api";

  @TempDir Path stateDir;

  @Test
  void aRestartedAgentReadsTheHoldersAnEarlierOneRecordedInItsDirectory() {
    HolderRegistry first = HolderRegistry.inDirectory(stateDir);
    first.add(RS_B);
    first.add(RS_A);
    first.add(RS_A);

    HolderRegistry restarted = HolderRegistry.inDirectory(stateDir);

    assertThat(restarted.holders()).containsExactlyInAnyOrder(RS_A, RS_B);
    assertThat(stateDir.resolve("holders")).exists();
    assertThat(stateDir.resolve("holders.next")).doesNotExist();
  }

  @Test
  void aForgottenHolderIsNotAskedAfterTheNextRestart() {
    HolderRegistry first = HolderRegistry.inDirectory(stateDir);
    first.add(RS_A);
    first.add(RS_B);
    first.forget(RS_A);

    assertThat(HolderRegistry.inDirectory(stateDir).holders()).containsExactly(RS_B);
  }

  @Test
  void theStoreIsWrittenOnlyWhenAHolderIsAddedOrForgotten() {
    List<Set<String>> writes = new ArrayList<>();
    HolderRegistry registry =
        new HolderRegistry(
            new HolderRegistry.Store() {
              @Override
              public Set<String> read() {
                return Set.of(RS_A);
              }

              @Override
              public void write(Set<String> holders) {
                writes.add(Set.copyOf(holders));
              }
            });

    registry.add(RS_A);
    registry.add(RS_B);
    registry.add(RS_B);
    registry.forget("ManifestWorkReplicaSet/default/never-seen");
    registry.forget(RS_A);

    assertThat(writes).containsExactly(Set.of(RS_A, RS_B), Set.of(RS_B));
  }

  @Test
  void anUnreadableRegistryStartsEmptyAndAFailingWriteDoesNotFailTheApply() throws Exception {
    // Where the file should be stands a directory with something in it: it can be neither read
    // nor replaced.
    Files.createDirectories(stateDir.resolve("holders"));
    Files.writeString(stateDir.resolve("holders").resolve("other"), "x");

    HolderRegistry registry = HolderRegistry.inDirectory(stateDir);
    registry.add(RS_A);

    assertThat(registry.holders()).containsExactly(RS_A);
  }
}
