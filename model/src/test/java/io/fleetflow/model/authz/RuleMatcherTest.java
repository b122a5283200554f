package io.fleetflow.model.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kubernetes' rule matching, and its escalation check: a writer may grant only what it holds. */
class RuleMatcherTest {
  private static final String WORK = "work.open-cluster-management.io";

  @Test
  void wildcardsMatchEverythingAndStarSlashMatchesOneSubresourceOfEveryResource() {
    PolicyRule all = rule(List.of("*"), List.of("*"), List.of("*"));
    PolicyRule approve = rule(List.of("create"), List.of(WORK), List.of("*/approve"));
    Access approving =
        Access.resource("create", WORK, "manifestworkreplicasets", "approve", "ns", "w");

    assertThat(RuleMatcher.allows(all, approving)).isTrue();
    assertThat(RuleMatcher.allows(approve, approving)).isTrue();
    assertThat(RuleMatcher.allows(approve, approving.withVerb("update"))).isFalse();
    assertThat(
            RuleMatcher.allows(
                approve, Access.resource("create", WORK, "manifestworkreplicasets", "", "ns", "w")))
        .isFalse();
  }

  @Test
  void resourceNamesAllowOnlyRequestsThatNameOneOfThem() {
    PolicyRule named =
        new PolicyRuleBuilder()
            .withVerbs("get", "list")
            .withApiGroups(WORK)
            .withResources("manifestworks")
            .withResourceNames("web")
            .build();

    assertThat(
            RuleMatcher.allows(
                named, Access.resource("get", WORK, "manifestworks", "", "ns", "web")))
        .isTrue();
    assertThat(
            RuleMatcher.allows(
                named, Access.resource("get", WORK, "manifestworks", "", "ns", "db")))
        .isFalse();
    assertThat(
            RuleMatcher.allows(named, Access.resource("list", WORK, "manifestworks", "", "ns", "")))
        .isFalse();
  }

  @Test
  void nonResourceUrlsMatchExactlyOrByAStarPrefix() {
    PolicyRule codec =
        new PolicyRuleBuilder().withVerbs("post").withNonResourceURLs("/codec/*").build();

    assertThat(RuleMatcher.allows(codec, Access.path("post", "/codec/decode"))).isTrue();
    assertThat(RuleMatcher.allows(codec, Access.path("get", "/codec/decode"))).isFalse();
    assertThat(RuleMatcher.allows(codec, Access.path("post", "/metrics"))).isFalse();
    assertThat(
            RuleMatcher.allows(codec, Access.resource("post", WORK, "manifestworks", "", "", "")))
        .isFalse();
  }

  @Test
  void aWriterMayGrantOnlyWhatItHoldsAndAStarOnlyWithAStar() {
    List<PolicyRule> held = List.of(rule(List.of("get", "list"), List.of(WORK), List.of("*")));

    assertThat(
            RuleMatcher.uncovered(
                held, List.of(rule(List.of("get"), List.of(WORK), List.of("manifestworks")))))
        .isEmpty();
    assertThat(
            RuleMatcher.uncovered(
                held,
                List.of(rule(List.of("get", "delete"), List.of(WORK), List.of("manifestworks")))))
        .containsExactly("delete " + WORK + "/manifestworks /");
    assertThat(
            RuleMatcher.uncovered(held, List.of(rule(List.of("*"), List.of(WORK), List.of("*")))))
        .containsExactly("* " + WORK + "/* /");
  }

  private static PolicyRule rule(List<String> verbs, List<String> groups, List<String> resources) {
    return new PolicyRuleBuilder()
        .withVerbs(verbs)
        .withApiGroups(groups)
        .withResources(resources)
        .build();
  }
}
