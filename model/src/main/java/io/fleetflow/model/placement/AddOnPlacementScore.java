package io.fleetflow.model.placement;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fleetflow.model.meta.ApiGroups;
import java.util.ArrayList;
import java.util.List;

/**
 * OCM's AddOnPlacementScore (v1alpha1), in a cluster's namespace: scores from -100 to 100 that an
 * add-on publishes about that cluster for placements' {@code AddOn} prioritizers, valid until
 * {@code status.validUntil}.
 */
@Group(ApiGroups.CLUSTER)
@Version(ApiGroups.V1ALPHA1)
@Kind("AddOnPlacementScore")
@Plural("addonplacementscores")
@Singular("addonplacementscore")
@JsonIgnoreProperties(ignoreUnknown = true)
public class AddOnPlacementScore extends CustomResource<Void, AddOnPlacementScore.Status>
    implements Namespaced {

  @Override
  protected Status initStatus() {
    return new Status();
  }

  /** The scores and until when they hold. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Status {
    private List<Condition> conditions = new ArrayList<>();
    private List<Score> scores = new ArrayList<>();
    private String validUntil;

    public List<Condition> getConditions() {
      return conditions;
    }

    public void setConditions(List<Condition> conditions) {
      this.conditions = conditions;
    }

    public List<Score> getScores() {
      return scores;
    }

    public void setScores(List<Score> scores) {
      this.scores = scores;
    }

    public String getValidUntil() {
      return validUntil;
    }

    public void setValidUntil(String validUntil) {
      this.validUntil = validUntil;
    }
  }

  /** One named score. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Score(String name, Integer value) {}
}
