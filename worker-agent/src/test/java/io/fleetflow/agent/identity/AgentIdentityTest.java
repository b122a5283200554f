package io.fleetflow.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent keeps one identity across restarts, and only its own state directory holds it. */
class AgentIdentityTest {
  @TempDir Path stateDir;

  @Test
  void theFirstStartCreatesKeyFilesOnlyTheAgentCanRead() throws IOException {
    Path dir = stateDir.resolve("agents").resolve("cluster1");

    AgentIdentity identity = AgentIdentity.loadOrCreate(dir);

    assertThat(identity.keyPair().getPrivate().getAlgorithm()).isEqualTo("EC");
    for (String name : new String[] {"identity.key", "identity.pub"}) {
      Path file = dir.resolve(name);
      assertThat(file).isRegularFile();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .as(name)
          .isEqualTo("rw-------");
    }
  }

  @Test
  void aRestartedAgentRejoinsAsTheSameIdentity() throws Exception {
    AgentIdentity first = AgentIdentity.loadOrCreate(stateDir);

    AgentIdentity afterRestart = AgentIdentity.loadOrCreate(stateDir);

    assertThat(afterRestart.fingerprint()).isEqualTo(first.fingerprint());
    assertThat(afterRestart.keyPair().getPublic().getEncoded())
        .isEqualTo(first.keyPair().getPublic().getEncoded());
    // The reloaded private key still belongs to the public key the hub knows.
    byte[] challenge = "join cluster1".getBytes();
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(afterRestart.keyPair().getPrivate());
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(first.keyPair().getPublic());
    verifier.update(challenge);
    assertThat(verifier.verify(signature)).isTrue();
  }

  @Test
  void anotherStateDirectoryIsAnotherIdentity() {
    AgentIdentity one = AgentIdentity.loadOrCreate(stateDir.resolve("one"));
    AgentIdentity two = AgentIdentity.loadOrCreate(stateDir.resolve("two"));

    assertThat(two.fingerprint()).isNotEqualTo(one.fingerprint());
  }

  @Test
  void theFingerprintIsTheSha256OfThePublicKeyInHex() {
    AgentIdentity identity = AgentIdentity.loadOrCreate(stateDir);

    assertThat(identity.fingerprint()).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void aHalfWrittenIdentityIsReplacedByANewOne() throws IOException {
    AgentIdentity first = AgentIdentity.loadOrCreate(stateDir);
    Files.delete(stateDir.resolve("identity.pub"));

    AgentIdentity second = AgentIdentity.loadOrCreate(stateDir);

    assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
    assertThat(AgentIdentity.loadOrCreate(stateDir).fingerprint()).isEqualTo(second.fingerprint());
  }

  @Test
  void aCorruptKeyFileIsReportedWithTheDirectory() throws IOException {
    AgentIdentity.loadOrCreate(stateDir);
    Files.writeString(stateDir.resolve("identity.key"), "bm90IGEga2V5\n");

    assertThatThrownBy(() -> AgentIdentity.loadOrCreate(stateDir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(stateDir.toString());
  }
}
