package io.fleetflow.e2e.bench;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How long clusters took from their join to {@code ManagedClusterConditionAvailable=True}, in
 * workflow time: the ManagedCluster's creation (its first join) to the condition's last transition,
 * as the hub recorded both.
 */
final class JoinTimes {
  private JoinTimes() {}

  /** The available clusters whose names the filter takes, as the gateway lists them now. */
  static List<ManagedCluster> available(KubernetesClient hub, Predicate<String> names) {
    return hub.resources(ManagedCluster.class).list().getItems().stream()
        .filter(c -> names.test(c.getMetadata().getName()))
        .filter(c -> availableSince(c).isPresent())
        .toList();
  }

  /** Join to available, in seconds, of each available cluster given. */
  static List<Double> joinToAvailable(List<ManagedCluster> clusters) {
    return clusters.stream()
        .map(
            c ->
                Duration.between(
                            Instant.parse(c.getMetadata().getCreationTimestamp()),
                            availableSince(c).orElseThrow())
                        .toMillis()
                    / 1000.0)
        .toList();
  }

  private static Optional<Instant> availableSince(ManagedCluster cluster) {
    if (cluster.getStatus() == null
        || !Conditions.isTrue(
            cluster.getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE)) {
      return Optional.empty();
    }
    return Conditions.find(cluster.getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE)
        .map(Condition::getLastTransitionTime)
        .map(Instant::parse);
  }
}
