package io.fleetflow.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table as kubectl prints one: every column as wide as its widest cell, two spaces
 * between columns, no trailing blanks. The first row is the header.
 */
public final class TextTable {
  private final List<List<String>> rows = new ArrayList<>();

  private TextTable(List<String> header) {
    rows.add(header);
  }

  /** Starts a table with its header row. */
  public static TextTable withHeader(String... header) {
    return new TextTable(List.of(header));
  }

  /** Adds a row; {@code null} cells are printed empty, numbers as they are. */
  public TextTable row(Object... cells) {
    if (cells.length != rows.get(0).size()) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + rows.get(0).size() + " columns");
    }
    List<String> row = new ArrayList<>(cells.length);
    for (Object cell : cells) {
      row.add(cell == null ? "" : cell.toString());
    }
    rows.add(row);
    return this;
  }

  /** The table's lines, each ending with a newline. */
  public String render() {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        if (i > 0) {
          line.append("  ");
        }
        line.append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length()));
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }
}
