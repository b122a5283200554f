package io.fleetflow.hub;

import io.fleetflow.activities.hub.AutoApprovalRule;
import io.fleetflow.activities.hub.RegistrationPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The hub's registration settings, under {@code fleetflow.registration}: how long join requests
 * wait, how many missed leases make a cluster Unknown, and the auto-approval rules.
 */
@ConfigurationProperties("fleetflow.registration")
public class RegistrationProperties {
  private Duration joinRequestExpiry = Duration.ofHours(24);
  private int leaseGraceMultiplier = 3;
  private List<Rule> autoApproval = new ArrayList<>();
  private Duration autoRemovalAfter = Duration.ZERO;

  /** One auto-approval rule as configured. */
  public static class Rule {
    private String name;
    private List<String> identities = new ArrayList<>();
    private Map<String, String> claims = Map.of();

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public List<String> getIdentities() {
      return identities;
    }

    public void setIdentities(List<String> identities) {
      this.identities = identities;
    }

    public Map<String, String> getClaims() {
      return claims;
    }

    public void setClaims(Map<String, String> claims) {
      this.claims = claims;
    }
  }

  /** Returns the settings as the policy the workflows read. */
  public RegistrationPolicy toPolicy() {
    List<AutoApprovalRule> rules = new ArrayList<>();
    for (int i = 0; i < autoApproval.size(); i++) {
      Rule rule = autoApproval.get(i);
      String name = rule.getName() == null ? "rule-" + (i + 1) : rule.getName();
      rules.add(new AutoApprovalRule(name, rule.getIdentities(), rule.getClaims()));
    }
    return new RegistrationPolicy(
        joinRequestExpiry.toSeconds(), leaseGraceMultiplier, rules, autoRemovalAfter.toSeconds());
  }

  public Duration getAutoRemovalAfter() {
    return autoRemovalAfter;
  }

  public void setAutoRemovalAfter(Duration autoRemovalAfter) {
    this.autoRemovalAfter = autoRemovalAfter;
  }

  public Duration getJoinRequestExpiry() {
    return joinRequestExpiry;
  }

  public void setJoinRequestExpiry(Duration joinRequestExpiry) {
    this.joinRequestExpiry = joinRequestExpiry;
  }

  public int getLeaseGraceMultiplier() {
    return leaseGraceMultiplier;
  }

  public void setLeaseGraceMultiplier(int leaseGraceMultiplier) {
    this.leaseGraceMultiplier = leaseGraceMultiplier;
  }

  public List<Rule> getAutoApproval() {
    return autoApproval;
  }

  public void setAutoApproval(List<Rule> autoApproval) {
    this.autoApproval = autoApproval;
  }
}
