package io.fleetflow.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetflow.workflows.entity.EntityFailures;
import io.temporal.client.WorkflowUpdateException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on an entity's refusals, as a caller of its updates sees them. */
public final class Refusals {
  private Refusals() {}

  /** Asserts that the update is refused as Forbidden, with a message that says {@code message}. */
  public static void assertForbidden(ThrowingCallable update, String message) {
    assertRefused(update, EntityFailures.FORBIDDEN, message);
  }

  /** Asserts that the update is refused with the failure type and a message that says so. */
  public static void assertRefused(ThrowingCallable update, String type, String message) {
    assertThatThrownBy(update)
        .isInstanceOfSatisfying(
            WorkflowUpdateException.class,
            e -> {
              var failure = EntityFailures.find(e).orElseThrow();
              assertThat(failure.getType()).isEqualTo(type);
              assertThat(EntityFailures.messageOf(failure)).contains(message);
            });
  }
}
