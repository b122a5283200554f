package io.fleetflow.model.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final String AVAILABLE = "ManagedClusterConditionAvailable";
  private static final Instant JOINED_AT = Instant.parse("2025-01-01T10:00:00Z");
  private static final Instant LATER = Instant.parse("2025-01-01T10:05:00Z");

  private final List<Condition> conditions = new ArrayList<>();

  @Test
  void settingAMissingConditionAddsItWithTheTransitionTimeOfNow() {
    boolean changed =
        Conditions.set(
            conditions,
            AVAILABLE,
            Conditions.TRUE,
            "ManagedClusterAvailable",
            "Managed cluster is available",
            JOINED_AT,
            3L);

    assertThat(changed).isTrue();
    assertThat(conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo(AVAILABLE);
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("ManagedClusterAvailable");
              assertThat(c.getMessage()).isEqualTo("Managed cluster is available");
              assertThat(c.getObservedGeneration()).isEqualTo(3L);
              assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
            });
  }

  @Test
  void aNewMessageWithTheSameStatusKeepsTheTransitionTime() {
    Conditions.set(
        conditions,
        AVAILABLE,
        Conditions.TRUE,
        "ManagedClusterAvailable",
        "lease renewed",
        JOINED_AT,
        null);

    boolean changed =
        Conditions.set(
            conditions,
            AVAILABLE,
            Conditions.TRUE,
            "ManagedClusterAvailable",
            "lease renewed again",
            LATER,
            null);

    assertThat(changed).isTrue();
    assertThat(conditions).hasSize(1);
    assertThat(conditions.get(0).getMessage()).isEqualTo("lease renewed again");
    assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo(JOINED_AT.toString());
  }

  @Test
  void settingTheSameConditionAgainChangesNothing() {
    Conditions.set(conditions, AVAILABLE, Conditions.TRUE, "R", "m", JOINED_AT, 1L);

    boolean changed = Conditions.set(conditions, AVAILABLE, Conditions.TRUE, "R", "m", LATER, 1L);

    assertThat(changed).isFalse();
    assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo(JOINED_AT.toString());
  }

  @Test
  void aNewObservedGenerationIsAChangeButNotATransition() {
    Conditions.set(conditions, AVAILABLE, Conditions.TRUE, "R", "m", JOINED_AT, 1L);

    boolean changed = Conditions.set(conditions, AVAILABLE, Conditions.TRUE, "R", "m", LATER, 2L);

    assertThat(changed).isTrue();
    assertThat(conditions.get(0).getObservedGeneration()).isEqualTo(2L);
    assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo(JOINED_AT.toString());
  }

  @Test
  void aStatusChangeMovesTheTransitionTime() {
    Conditions.set(
        conditions, AVAILABLE, Conditions.TRUE, "ManagedClusterAvailable", "ok", JOINED_AT, null);

    boolean changed =
        Conditions.set(
            conditions,
            AVAILABLE,
            Conditions.UNKNOWN,
            "ManagedClusterLeaseUpdateStopped",
            "Registration agent stopped updating its lease.",
            LATER,
            null);

    assertThat(changed).isTrue();
    assertThat(conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("Unknown");
              assertThat(c.getReason()).isEqualTo("ManagedClusterLeaseUpdateStopped");
              assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T10:05:00Z");
            });
  }

  @Test
  void conditionsOfOtherTypesAreLeftAlone() {
    Conditions.set(
        conditions, "ManagedClusterJoined", Conditions.TRUE, "Joined", "", JOINED_AT, null);
    Conditions.set(conditions, AVAILABLE, Conditions.FALSE, "Down", "", LATER, null);

    assertThat(conditions)
        .extracting(Condition::getType, Condition::getStatus, Condition::getLastTransitionTime)
        .containsExactly(
            tuple("ManagedClusterJoined", "True", JOINED_AT.toString()),
            tuple(AVAILABLE, "False", LATER.toString()));
  }

  @Test
  void findAndIsTrueReadTheConditionOfOneType() {
    Conditions.set(
        conditions, "ManagedClusterJoined", Conditions.TRUE, "Joined", "", JOINED_AT, null);
    Conditions.set(conditions, AVAILABLE, Conditions.FALSE, "Down", "", JOINED_AT, null);

    assertThat(Conditions.find(conditions, AVAILABLE))
        .get()
        .extracting(Condition::getReason)
        .isEqualTo("Down");
    assertThat(Conditions.find(conditions, "HubAcceptedManagedCluster")).isEmpty();
    assertThat(Conditions.find(null, AVAILABLE)).isEmpty();

    assertThat(Conditions.isTrue(conditions, "ManagedClusterJoined")).isTrue();
    assertThat(Conditions.isTrue(conditions, AVAILABLE)).isFalse();
    assertThat(Conditions.isTrue(conditions, "HubAcceptedManagedCluster")).isFalse();
    assertThat(Conditions.isTrue(null, AVAILABLE)).isFalse();
  }
}
