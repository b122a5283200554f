package io.fleetflow.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void everyColumnIsAsWideAsItsWidestCellWithTwoSpacesBetween() {
    assertThat(TextTable.withHeader("NAME", "N").row("a", 10).row("longer", 2).render())
        .isEqualTo("NAME    N\na       10\nlonger  2\n");
  }

  @Test
  void linesCarryNoTrailingBlanksAndNullCellsAreEmpty() {
    assertThat(TextTable.withHeader("A", "B", "").row("x", null, null).row("y", "z", "<-").render())
        .isEqualTo("A  B\nx\ny  z  <-\n");
  }

  @Test
  void aHeaderAloneIsOneLine() {
    assertThat(TextTable.withHeader("TIME", "EVENT").render()).isEqualTo("TIME  EVENT\n");
  }

  @Test
  void aRowOfTheWrongWidthIsAMistake() {
    assertThatThrownBy(() -> TextTable.withHeader("A", "B").row("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 cells in a table of 2 columns");
  }
}
