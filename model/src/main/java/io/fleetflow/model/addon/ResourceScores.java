package io.fleetflow.model.addon;

import io.fleetflow.model.placement.AddOnPlacementScore;
import java.util.List;

/**
 * The scores of Fleetflow's {@code resource-usage-score} add-on, as OCM's resource-usage example
 * names them: {@code cpuAvailable} and {@code memAvailable}, each the share of the cluster's
 * allocatable resource that pods have not requested, mapped onto OCM's score range: 100 when
 * nothing is requested, 0 at half, -100 when everything is. Pure.
 */
public final class ResourceScores {
  /** The AddOnPlacementScore the add-on writes into each cluster's namespace. */
  public static final String SCORE_NAME = "resource-usage-score";

  public static final String CPU_AVAILABLE = "cpuAvailable";
  public static final String MEMORY_AVAILABLE = "memAvailable";

  private ResourceScores() {}

  /**
   * What a cluster's agent measured.
   *
   * @param cpuAllocatableMillis the schedulable nodes' allocatable CPU, in millicores
   * @param cpuRequestedMillis the CPU its running pods request, in millicores
   * @param memoryAllocatableBytes the schedulable nodes' allocatable memory
   * @param memoryRequestedBytes the memory its running pods request
   */
  public record FreeResources(
      long cpuAllocatableMillis,
      long cpuRequestedMillis,
      long memoryAllocatableBytes,
      long memoryRequestedBytes) {}

  /** The two scores. */
  public static List<AddOnPlacementScore.Score> of(FreeResources free) {
    return List.of(
        new AddOnPlacementScore.Score(
            CPU_AVAILABLE, score(free.cpuAllocatableMillis(), free.cpuRequestedMillis())),
        new AddOnPlacementScore.Score(
            MEMORY_AVAILABLE, score(free.memoryAllocatableBytes(), free.memoryRequestedBytes())));
  }

  /** Maps the free share of a resource onto -100..100; a cluster with none of it scores -100. */
  static int score(long allocatable, long requested) {
    if (allocatable <= 0) {
      return -100;
    }
    double free = Math.max(0, allocatable - requested) / (double) allocatable;
    return (int) Math.round(free * 200 - 100);
  }
}
