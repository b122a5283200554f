package io.fleetflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  /** The file that {@code ./fleetflow up} writes: one admin and one viewer. */
  private static final List<String> FLEETFLOW_UP_FILE =
      List.of(
          "# Fleetflow gateway tokens: token,user,uid,\"group1,group2\"",
          "",
          "admin-secret,alice,1001,\"fleetflow:admins,system:authenticated\"",
          "   # an indented comment",
          "viewer-secret,bob,1002,\"fleetflow:viewers\"",
          "   ",
          "loner-secret,carol");

  @Test
  void aTokenAuthenticatesItsUserWithTheQuotedGroups() {
    TokenFile tokens = TokenFile.parse(FLEETFLOW_UP_FILE);

    assertThat(tokens.authenticate("admin-secret"))
        .contains(new Principal("alice", List.of("fleetflow:admins", "system:authenticated")));
    assertThat(tokens.authenticate("viewer-secret"))
        .contains(new Principal("bob", List.of("fleetflow:viewers")));
  }

  @Test
  void aLineWithoutGroupsGivesAUserWithoutGroups() {
    TokenFile tokens = TokenFile.parse(FLEETFLOW_UP_FILE);

    assertThat(tokens.authenticate("loner-secret")).contains(new Principal("carol", List.of()));
  }

  @Test
  void commentsAndBlankLinesAreNotTokens() {
    TokenFile tokens = TokenFile.parse(FLEETFLOW_UP_FILE);

    assertThat(tokens.authenticate("# Fleetflow gateway tokens: token")).isEmpty();
    assertThat(tokens.authenticate("# an indented comment")).isEmpty();
    assertThat(tokens.authenticate("")).isEmpty();
  }

  @Test
  void anUnknownTokenAuthenticatesNobody() {
    assertThat(TokenFile.parse(FLEETFLOW_UP_FILE).authenticate("guess")).isEmpty();
  }

  @Test
  void aLineWithOnlyATokenIsRefused() {
    assertThatThrownBy(() -> TokenFile.parse(List.of("lonely-token")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token,user")
        .hasMessageContaining("lonely-token");
  }

  @Test
  void aTokenFileIsReadFromDisk(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens.csv");
    Files.write(file, FLEETFLOW_UP_FILE);

    assertThat(TokenFile.read(file).authenticate("viewer-secret"))
        .map(Principal::user)
        .contains("bob");
  }

  @Test
  void aMissingTokenFileNamesThePath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.csv");

    assertThatThrownBy(() -> TokenFile.read(missing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void theGroupsOfATokenDecideWhatTheDefaultRolesLetItWrite() {
    TokenFile tokens = TokenFile.parse(FLEETFLOW_UP_FILE);
    io.fleetflow.model.authz.Access create =
        io.fleetflow.model.authz.Access.resource(
            "create", "cluster.open-cluster-management.io", "managedclustersets", "", "", "a");

    for (String token : List.of("admin-secret", "viewer-secret", "loner-secret")) {
      Principal caller = tokens.authenticate(token).orElseThrow();
      assertThat(
              io.fleetflow.model.authz.DefaultPolicy.policy()
                  .allows(caller.user(), caller.groups(), create))
          .as(token)
          .isEqualTo(token.equals("admin-secret"));
    }
  }
}
