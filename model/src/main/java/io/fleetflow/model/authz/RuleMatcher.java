package io.fleetflow.model.authz;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether one RBAC {@link PolicyRule} allows one {@link Access}, by Kubernetes' rules: {@code *}
 * matches every verb, group and resource; {@code &#42;/scale} matches that subresource of every
 * resource; a rule with resourceNames allows only requests that name one of them; a non-resource
 * URL ending in {@code *} matches the paths it prefixes. Pure.
 */
public final class RuleMatcher {
  static final String ALL = "*";

  private RuleMatcher() {}

  /** Returns true when the rule allows the access. */
  public static boolean allows(PolicyRule rule, Access access) {
    if (!contains(rule.getVerbs(), access.verb())) {
      return false;
    }
    if (!access.isResource()) {
      return pathMatches(rule.getNonResourceURLs(), access.path());
    }
    return contains(rule.getApiGroups(), access.group())
        && resourceMatches(rule.getResources(), access)
        && nameMatches(rule.getResourceNames(), access.name());
  }

  /** Returns true when one of the rules allows the access. */
  public static boolean anyAllows(List<PolicyRule> rules, Access access) {
    for (PolicyRule rule : rules) {
      if (allows(rule, access)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The accesses of {@code requested} that {@code held} does not cover, as Kubernetes' escalation
   * check judges a Role or a binding: each requested rule is split into single verbs, groups,
   * resources and names, and each piece must be allowed by a held rule ({@code *} in a requested
   * rule is covered only by {@code *}). Empty when {@code held} covers everything.
   */
  public static List<String> uncovered(List<PolicyRule> held, List<PolicyRule> requested) {
    List<String> missing = new ArrayList<>();
    for (PolicyRule rule : requested) {
      for (Access piece : pieces(rule)) {
        if (!anyAllows(held, piece)) {
          missing.add(piece.key());
        }
      }
    }
    return missing;
  }

  private static List<Access> pieces(PolicyRule rule) {
    List<Access> pieces = new ArrayList<>();
    for (String verb : list(rule.getVerbs())) {
      for (String path : list(rule.getNonResourceURLs())) {
        pieces.add(Access.path(verb, path));
      }
      for (String group : list(rule.getApiGroups())) {
        for (String resource : list(rule.getResources())) {
          int slash = resource.indexOf('/');
          String plural = slash < 0 ? resource : resource.substring(0, slash);
          String sub = slash < 0 ? "" : resource.substring(slash + 1);
          List<String> names = list(rule.getResourceNames());
          for (String name : names.isEmpty() ? List.of("") : names) {
            pieces.add(Access.resource(verb, group, plural, sub, "", name));
          }
        }
      }
    }
    return pieces;
  }

  private static boolean contains(List<String> values, String wanted) {
    for (String value : list(values)) {
      if (value.equals(ALL) || value.equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  private static boolean resourceMatches(List<String> resources, Access access) {
    String combined = access.resourceWithSubresource();
    for (String resource : list(resources)) {
      if (resource.equals(ALL) || resource.equals(combined)) {
        return true;
      }
      if (!access.subresource().isEmpty()
          && resource.startsWith("*/")
          && resource.substring(2).equals(access.subresource())) {
        return true;
      }
    }
    return false;
  }

  private static boolean nameMatches(List<String> names, String name) {
    List<String> all = list(names);
    return all.isEmpty() || all.contains(name);
  }

  private static boolean pathMatches(List<String> urls, String path) {
    for (String url : list(urls)) {
      if (url.equals(ALL) || url.equals(path)) {
        return true;
      }
      if (url.endsWith(ALL) && path.startsWith(url.substring(0, url.length() - 1))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> list(List<String> values) {
    return values == null ? List.of() : values;
  }
}
