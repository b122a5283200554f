package io.fleetflow.workflows.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.model.work.ManifestWorkSpec.DeleteOption;
import io.fleetflow.model.work.ManifestWorkSpec.ResourceIdentifier;
import io.fleetflow.model.work.ManifestWorkSpec.SelectivelyOrphan;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a work deletes and what it orphans, by its delete option, for a deleted work and for
 * resources that left a changed work's spec; and how works recorded before ownership still split.
 */
class WorkRemovalTest {
  private static final ResourceMeta CONFIG =
      new ResourceMeta(0, "", "v1", "ConfigMap", "configmaps", "config", "app");
  private static final ResourceMeta DEPLOY =
      new ResourceMeta(1, "apps", "v1", "Deployment", "deployments", "web", "app");
  private static final List<ResourceMeta> BOTH = List.of(CONFIG, DEPLOY);

  private static final DeleteOption KEEP_CONFIG =
      new DeleteOption(
          DeleteOption.SELECTIVELY_ORPHAN,
          new SelectivelyOrphan(
              List.of(new ResourceIdentifier(null, "configmaps", "config", "app"))),
          null);

  static Stream<Arguments> splits() {
    return Stream.of(
        Arguments.of("no option deletes all", null, true, true, BOTH, List.of()),
        Arguments.of(
            "Foreground deletes all",
            new DeleteOption(DeleteOption.FOREGROUND, null, null),
            true,
            true,
            BOTH,
            List.of()),
        Arguments.of(
            "Orphan keeps all",
            new DeleteOption(DeleteOption.ORPHAN, null, null),
            true,
            true,
            List.of(),
            BOTH),
        Arguments.of(
            "SelectivelyOrphan keeps what its rules name",
            KEEP_CONFIG,
            true,
            true,
            List.of(DEPLOY),
            List.of(CONFIG)),
        Arguments.of(
            "SelectivelyOrphan without rules deletes all",
            new DeleteOption(DeleteOption.SELECTIVELY_ORPHAN, null, null),
            true,
            true,
            BOTH,
            List.of()),
        Arguments.of(
            "before ownership a deleted work left its orphans alone",
            KEEP_CONFIG,
            true,
            false,
            List.of(DEPLOY),
            List.of()),
        Arguments.of(
            "before ownership a changed work deleted its orphans too",
            KEEP_CONFIG,
            false,
            false,
            BOTH,
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("splits")
  void theDeleteOptionSplitsWhatTheWorkLetsGoOf(
      String scenario,
      DeleteOption option,
      boolean workDeleted,
      boolean ownership,
      List<ResourceMeta> deleted,
      List<ResourceMeta> orphaned) {
    WorkRemoval removal = WorkRemoval.of(option, BOTH, workDeleted, () -> ownership);

    assertThat(removal.delete()).containsExactlyElementsOf(deleted);
    assertThat(removal.orphan()).containsExactlyElementsOf(orphaned);
  }

  @Test
  void ownershipIsAskedOnlyWhenSomethingIsOrphanedSoTheVersionMarkerStaysWhereItWas() {
    BooleanSupplier never =
        () -> {
          throw new AssertionError("asked for ownership with nothing orphaned");
        };
    boolean[] asked = {false};

    WorkRemoval.of(new DeleteOption(DeleteOption.FOREGROUND, null, null), BOTH, true, never);
    WorkRemoval.of(KEEP_CONFIG, List.of(DEPLOY), true, never);
    WorkRemoval.of(KEEP_CONFIG, BOTH, true, () -> asked[0] = true);

    assertThat(asked[0]).isTrue();
  }

  @Test
  void resourcesAreNamedByKindNamespaceAndName() {
    ResourceMeta namespace = new ResourceMeta(2, "", "v1", "Namespace", "namespaces", "app", null);

    assertThat(WorkRemoval.describe(List.of(CONFIG, namespace)))
        .containsExactly("ConfigMap app/config", "Namespace app");
    assertThat(WorkRemoval.of(null, List.of(), true, () -> true).isEmpty()).isTrue();
  }
}
