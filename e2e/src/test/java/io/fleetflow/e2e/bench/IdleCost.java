package io.fleetflow.e2e.bench;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What idle objects cost Temporal: the history events and the workflow actions (signals, timers,
 * activities, local activities and other markers, search attribute upserts, updates) their
 * workflows add over a window, scaled to one object and one hour.
 */
record IdleCost(double eventsPerHour, double actionsPerHour) {
  /** Watches the histories of the given workflows for a window while nothing is asked of them. */
  static IdleCost measure(WorkflowClient client, List<String> workflowIds, Duration window)
      throws InterruptedException {
    return measureGroups(client, List.of(workflowIds), window).get(0);
  }

  /**
   * Watches groups of workflows over the same window, and returns each group's cost per workflow of
   * the group.
   */
  static List<IdleCost> measureGroups(
      WorkflowClient client, List<List<String>> groups, Duration window)
      throws InterruptedException {
    List<Map<String, Integer>> before = new java.util.ArrayList<>();
    for (List<String> group : groups) {
      Map<String, Integer> sizes = new TreeMap<>();
      for (String id : group) {
        sizes.put(id, client.fetchHistory(id).getEvents().size());
      }
      before.add(sizes);
    }
    Thread.sleep(window.toMillis());
    List<IdleCost> costs = new java.util.ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      costs.add(added(client, groups.get(i), before.get(i), window));
    }
    return costs;
  }

  private static IdleCost added(
      WorkflowClient client,
      List<String> workflowIds,
      Map<String, Integer> before,
      Duration window) {
    double events = 0;
    double actions = 0;
    for (String id : workflowIds) {
      List<HistoryEvent> history = client.fetchHistory(id).getEvents();
      List<HistoryEvent> added = history.subList(before.get(id), history.size());
      events += added.size();
      actions +=
          added.stream().filter(e -> HistoryTally.ACTIONS.contains(e.getEventType())).count();
    }
    double perHour = 3600.0 / window.toSeconds() / workflowIds.size();
    return new IdleCost(events * perHour, actions * perHour);
  }
}
