package io.fleetflow.e2e.support;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads: what is left once strings, label matchers, ranges,
 * functions (a name followed by '(') and the language's keywords are taken out.
 */
public final class PromQlNames {
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "sum",
          "min",
          "max",
          "avg",
          "count",
          "topk",
          "bottomk",
          "quantile",
          "stddev",
          "stdvar",
          "count_values",
          "group",
          "inf",
          "nan");
  private static final Pattern NAME =
      Pattern.compile("(?<![0-9.a-zA-Z_:])[a-zA-Z_:][a-zA-Z0-9_:]*");

  private PromQlNames() {}

  public static Set<String> of(String expression) {
    String bare =
        expression
            .replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ")
            .replaceAll("\\{[^}]*\\}", " ")
            .replaceAll("\\[[^\\]]*\\]", " ")
            // Grouping labels: by (a, b), without (a), on (a), ignoring (a), group_left (a).
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(bare);
    while (m.find()) {
      String token = m.group();
      String rest = bare.substring(m.end()).stripLeading();
      boolean function = rest.startsWith("(");
      if (!function && !KEYWORDS.contains(token.toLowerCase())) {
        names.add(token);
      }
    }
    return names;
  }
}
