package io.fleetflow.model.work;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The part of Kubernetes' JSONPath that OCM's feedback rules use, over an object as nested maps and
 * lists: fields ({@code .status.replicas}, {@code ['a.b']}), indexes ({@code [0]}), wildcards
 * ({@code [*]}, {@code .*}) and filters ({@code [?(@.type=="Ready")]} with {@code ==}, {@code !=},
 * {@code <}, {@code <=}, {@code >}, {@code >=}, or a bare {@code @.path} for existence). The path
 * may be wrapped in {@code {}} as in {@code kubectl -o jsonpath}. Missing keys yield no value, as
 * OCM allows them.
 */
public final class JsonPathExpression {
  private sealed interface Step permits Field, Index, Wildcard, Filter {}

  private record Field(String name) implements Step {}

  private record Index(int index) implements Step {}

  private record Wildcard() implements Step {}

  private record Filter(List<Step> path, String operator, Object literal) implements Step {}

  private final String text;
  private final List<Step> steps;

  private JsonPathExpression(String text, List<Step> steps) {
    this.text = text;
    this.steps = steps;
  }

  /**
   * Parses a path.
   *
   * @throws IllegalArgumentException naming what is wrong and where, for a person to fix
   */
  public static JsonPathExpression parse(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("the path is empty; write one such as .status.replicas");
    }
    String body = path.strip();
    if (body.startsWith("{") && body.endsWith("}")) {
      body = body.substring(1, body.length() - 1).strip();
    }
    if (body.startsWith("$")) {
      body = body.substring(1);
    }
    Parser parser = new Parser(body);
    List<Step> steps = parser.steps(false);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException(
          "\"" + path + "\" selects nothing; write a path such as .status.replicas");
    }
    return new JsonPathExpression(path, steps);
  }

  /** Returns the values the path selects in the object, in document order; empty when none. */
  public List<Object> evaluate(Object root) {
    return apply(steps, root);
  }

  @Override
  public String toString() {
    return text;
  }

  private static List<Object> apply(List<Step> steps, Object root) {
    List<Object> current = new ArrayList<>();
    current.add(root);
    for (Step step : steps) {
      List<Object> next = new ArrayList<>();
      for (Object value : current) {
        select(step, value, next);
      }
      current = next;
    }
    return current;
  }

  private static void select(Step step, Object value, List<Object> out) {
    switch (step) {
      case Field f -> {
        if (value instanceof Map<?, ?> map && map.containsKey(f.name())) {
          out.add(map.get(f.name()));
        }
      }
      case Index i -> {
        if (value instanceof List<?> list) {
          int at = i.index() < 0 ? list.size() + i.index() : i.index();
          if (at >= 0 && at < list.size()) {
            out.add(list.get(at));
          }
        }
      }
      case Wildcard w -> {
        if (value instanceof Map<?, ?> map) {
          out.addAll(map.values());
        } else if (value instanceof List<?> list) {
          out.addAll(list);
        }
      }
      case Filter f -> {
        if (value instanceof List<?> list) {
          for (Object element : list) {
            if (matches(f, element)) {
              out.add(element);
            }
          }
        }
      }
    }
  }

  private static boolean matches(Filter filter, Object element) {
    List<Object> found = apply(filter.path(), element);
    if (filter.operator() == null) {
      return !found.isEmpty() && found.get(0) != null;
    }
    if (found.isEmpty()) {
      return false;
    }
    Object left = found.get(0);
    Object right = filter.literal();
    if (left instanceof Number l && right instanceof Number r) {
      int c = Double.compare(l.doubleValue(), r.doubleValue());
      return compare(filter.operator(), c);
    }
    boolean equal = Objects.equals(String.valueOf(left), String.valueOf(right));
    return switch (filter.operator()) {
      case "==" -> equal;
      case "!=" -> !equal;
      default -> compare(filter.operator(), String.valueOf(left).compareTo(String.valueOf(right)));
    };
  }

  private static boolean compare(String operator, int c) {
    return switch (operator) {
      case "==" -> c == 0;
      case "!=" -> c != 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      default -> c >= 0;
    };
  }

  /** A recursive-descent parser of one path. */
  private static final class Parser {
    private final String s;
    private int at;

    Parser(String s) {
      this.s = s;
    }

    /** Parses steps up to the end, or, inside a filter, up to its operator or closing paren. */
    List<Step> steps(boolean inFilter) {
      List<Step> steps = new ArrayList<>();
      while (at < s.length()) {
        char c = s.charAt(at);
        if (inFilter && (c == ')' || c == ' ' || "=!<>".indexOf(c) >= 0)) {
          break;
        }
        if (c == '.') {
          at++;
          if (at < s.length() && s.charAt(at) == '.') {
            throw error("recursive descent (..) is not supported");
          }
          if (at < s.length() && s.charAt(at) == '*') {
            at++;
            steps.add(new Wildcard());
          } else if (at < s.length() && s.charAt(at) != '[') {
            steps.add(new Field(name()));
          }
        } else if (c == '[') {
          steps.add(bracket());
        } else {
          throw error("unexpected '" + c + "'");
        }
      }
      return steps;
    }

    private String name() {
      int start = at;
      while (at < s.length()
          && (Character.isLetterOrDigit(s.charAt(at)) || "_-/".indexOf(s.charAt(at)) >= 0)) {
        at++;
      }
      if (start == at) {
        throw error("a field name is missing");
      }
      return s.substring(start, at);
    }

    private Step bracket() {
      at++; // [
      if (at >= s.length()) {
        throw error("'[' is not closed");
      }
      char c = s.charAt(at);
      Step step;
      if (c == '*') {
        at++;
        step = new Wildcard();
      } else if (c == '\'' || c == '"') {
        step = new Field(quoted());
      } else if (c == '?') {
        step = filter();
      } else {
        int start = at;
        while (at < s.length() && (Character.isDigit(s.charAt(at)) || s.charAt(at) == '-')) {
          at++;
        }
        if (start == at || (at < s.length() && s.charAt(at) == ':')) {
          throw error("only a single index, '*', a quoted name or a filter may stand in []");
        }
        step = new Index(Integer.parseInt(s.substring(start, at)));
      }
      expect(']');
      return step;
    }

    private Step filter() {
      at++; // ?
      expect('(');
      skipSpaces();
      expect('@');
      List<Step> path = steps(true);
      skipSpaces();
      String operator = null;
      Object literal = null;
      if (at < s.length() && s.charAt(at) != ')') {
        int start = at;
        while (at < s.length() && "=!<>".indexOf(s.charAt(at)) >= 0) {
          at++;
        }
        operator = s.substring(start, at);
        if (!List.of("==", "!=", "<", "<=", ">", ">=").contains(operator)) {
          throw error("unknown operator \"" + operator + "\" in a filter");
        }
        skipSpaces();
        literal = literal();
        skipSpaces();
      }
      expect(')');
      return new Filter(path, operator, literal);
    }

    private Object literal() {
      if (at >= s.length()) {
        throw error("a value is missing after the operator");
      }
      char c = s.charAt(at);
      if (c == '\'' || c == '"') {
        return quoted();
      }
      int start = at;
      while (at < s.length() && s.charAt(at) != ')' && s.charAt(at) != ' ') {
        at++;
      }
      String word = s.substring(start, at);
      if (word.equals("true") || word.equals("false")) {
        return Boolean.parseBoolean(word);
      }
      try {
        return word.contains(".") ? Double.parseDouble(word) : Long.parseLong(word);
      } catch (NumberFormatException e) {
        throw error("\"" + word + "\" is neither a quoted string, a number nor true/false");
      }
    }

    private String quoted() {
      char quote = s.charAt(at++);
      int end = s.indexOf(quote, at);
      if (end < 0) {
        throw error("a quote is not closed");
      }
      String value = s.substring(at, end);
      at = end + 1;
      return value;
    }

    private void skipSpaces() {
      while (at < s.length() && s.charAt(at) == ' ') {
        at++;
      }
    }

    private void expect(char c) {
      if (at >= s.length() || s.charAt(at) != c) {
        throw error("expected '" + c + "'");
      }
      at++;
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at position " + at + " of \"" + s + "\"");
    }
  }
}
