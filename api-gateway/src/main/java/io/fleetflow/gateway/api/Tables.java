package io.fleetflow.gateway.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.meta.ResourceKind.PrinterColumn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders objects as a {@code meta.k8s.io/v1} Table, which {@code kubectl get} asks for and prints
 * with each kind's own columns.
 */
public final class Tables {
  private Tables() {}

  /** Returns true when the client's Accept header asks for a Table. */
  public static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  /** Renders the objects as a Table with the kind's columns, newest facts as of {@code now}. */
  public static <T extends HasMetadata> Map<String, Object> of(
      ResourceKind<T> kind, List<T> objects, Instant now) {
    List<Map<String, Object>> columns = new ArrayList<>();
    columns.add(column("Name", "string", "Name of the object", 0));
    for (PrinterColumn<T> c : kind.columns()) {
      columns.add(column(c.name(), "date".equals(c.type()) ? "string" : c.type(), c.name(), 0));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (T object : objects) {
      List<Object> cells = new ArrayList<>();
      cells.add(object.getMetadata().getName());
      for (PrinterColumn<T> c : kind.columns()) {
        cells.add(cell(c, object, now));
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("cells", cells);
      row.put("object", object);
      rows.add(row);
    }
    return table(columns, rows);
  }

  /**
   * One cell; a value the object cannot give (a field left out) shows as kubectl shows a missing
   * value, {@code <unknown>}, rather than failing the whole table.
   */
  private static <T> Object cell(PrinterColumn<T> column, T object, Instant now) {
    try {
      Object value = column.value().apply(object);
      return "date".equals(column.type()) ? age(value, now) : value;
    } catch (RuntimeException e) {
      return "<unknown>";
    }
  }

  /**
   * Assembles a Table from column definitions (see {@link #column}) and rows, each a map with
   * {@code cells} and {@code object}.
   */
  public static Map<String, Object> table(
      List<Map<String, Object>> columns, List<Map<String, Object>> rows) {
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table.put("metadata", Map.of());
    table.put("columnDefinitions", columns);
    table.put("rows", rows);
    return table;
  }

  /** One column definition. */
  public static Map<String, Object> column(
      String name, String type, String description, int priority) {
    return Map.of(
        "name", name, "type", type, "format", "", "description", description, "priority", priority);
  }

  /** Formats an age as kubectl does: 45s, 12m, 5h, 3d. */
  static String age(Object timestamp, Instant now) {
    if (timestamp == null) {
      return "<unknown>";
    }
    Duration d = Duration.between(Instant.parse(timestamp.toString()), now);
    if (d.toSeconds() < 120) {
      return Math.max(0, d.toSeconds()) + "s";
    }
    if (d.toMinutes() < 120) {
      return d.toMinutes() + "m";
    }
    if (d.toHours() < 48) {
      return d.toHours() + "h";
    }
    return d.toDays() + "d";
  }
}
