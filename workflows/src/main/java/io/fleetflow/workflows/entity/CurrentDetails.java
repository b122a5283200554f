package io.fleetflow.workflows.entity;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Renders an object's state as the Markdown that the Temporal UI shows as current details. */
public final class CurrentDetails {
  private CurrentDetails() {}

  /** Renders conditions as a Markdown list, one line each with status, reason and message. */
  public static String conditions(List<Condition> conditions) {
    StringBuilder out = new StringBuilder();
    for (Condition c : conditions) {
      out.append("- `")
          .append(c.getType())
          .append("` = ")
          .append(c.getStatus())
          .append(" (")
          .append(c.getReason())
          .append("): ")
          .append(c.getMessage())
          .append('\n');
    }
    return out.toString();
  }
}
