package io.fleetflow.gateway.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Kubernetes label selectors ({@code a=b}, {@code a!=b}, {@code a}, {@code !a}, {@code a in (x,y)},
 * {@code a notin (x,y)}) and the field selectors clients use ({@code metadata.name}, {@code
 * metadata.namespace}), parsed from query strings into one predicate over objects.
 */
public final class Selector {
  private static final Pattern SET_TERM =
      Pattern.compile("\\s*([^\\s!=,()]+)\\s+(in|notin)\\s+\\(([^)]*)\\)\\s*");

  private Selector() {}

  /** Parses both selectors; null or blank means everything. */
  public static Predicate<HasMetadata> parse(String labelSelector, String fieldSelector) {
    Predicate<HasMetadata> labels = labels(labelSelector);
    Predicate<HasMetadata> fields = fields(fieldSelector);
    return labels.and(fields);
  }

  static Predicate<HasMetadata> labels(String selector) {
    Predicate<HasMetadata> all = o -> true;
    for (String term : terms(selector)) {
      Predicate<Map<String, String>> match = labelTerm(term);
      all =
          all.and(
              o ->
                  match.test(
                      o.getMetadata().getLabels() == null
                          ? Map.of()
                          : o.getMetadata().getLabels()));
    }
    return all;
  }

  private static Predicate<Map<String, String>> labelTerm(String term) {
    Matcher set = SET_TERM.matcher(term);
    if (set.matches()) {
      String key = set.group(1);
      Set<String> values =
          Arrays.stream(set.group(3).split(",")).map(String::trim).collect(Collectors.toSet());
      return "in".equals(set.group(2))
          ? l -> values.contains(l.get(key))
          : l -> !values.contains(l.get(key));
    }
    if (term.contains("!=")) {
      String[] kv = term.split("!=", 2);
      return l -> !kv[1].trim().equals(l.get(kv[0].trim()));
    }
    if (term.contains("=")) {
      String[] kv = term.split("==?", 2);
      return l -> kv[1].trim().equals(l.get(kv[0].trim()));
    }
    if (term.startsWith("!")) {
      String key = term.substring(1).trim();
      return l -> !l.containsKey(key);
    }
    if (term.matches("[A-Za-z0-9./_-]+")) {
      return l -> l.containsKey(term);
    }
    throw ApiException.badRequest(
        "unable to parse label selector term \""
            + term
            + "\": use key=value, key!=value, key, !key, key in (a,b) or key notin (a,b)");
  }

  static Predicate<HasMetadata> fields(String selector) {
    Predicate<HasMetadata> all = o -> true;
    for (String term : terms(selector)) {
      boolean negate = term.contains("!=");
      String[] kv = term.split(negate ? "!=" : "==?", 2);
      if (kv.length != 2) {
        throw ApiException.badRequest("unable to parse field selector term \"" + term + "\"");
      }
      String field = kv[0].trim();
      String value = kv[1].trim();
      Predicate<HasMetadata> match =
          switch (field) {
            case "metadata.name" -> o -> value.equals(o.getMetadata().getName());
            case "metadata.namespace" -> o -> value.equals(o.getMetadata().getNamespace());
            default ->
                throw ApiException.badRequest(
                    "field label not supported: "
                        + field
                        + " (supported: metadata.name, metadata.namespace)");
          };
      all = all.and(negate ? match.negate() : match);
    }
    return all;
  }

  /**
   * The one object a field selector names ({@code metadata.name=N} among its terms), if it names
   * one: what kubectl, fabric8 and client-go send to watch a single object.
   */
  public static Optional<String> name(String fieldSelector) {
    for (String term : terms(fieldSelector)) {
      if (!term.contains("!=")) {
        String[] kv = term.split("==?", 2);
        if (kv.length == 2 && kv[0].trim().equals("metadata.name")) {
          return Optional.of(kv[1].trim());
        }
      }
    }
    return Optional.empty();
  }

  /** Splits on commas outside parentheses. */
  private static List<String> terms(String selector) {
    List<String> terms = new ArrayList<>();
    if (selector == null || selector.isBlank()) {
      return terms;
    }
    int depth = 0;
    StringBuilder term = new StringBuilder();
    for (char c : selector.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        terms.add(term.toString().trim());
        term.setLength(0);
      } else {
        term.append(c);
      }
    }
    terms.add(term.toString().trim());
    return terms;
  }
}
