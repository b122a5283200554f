package io.fleetflow.e2e.bench;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What workflows wrote to Temporal in a window, read back from their histories: history events,
 * workflow actions (signals, timers, activities, markers, search attribute upserts, updates,
 * signals to other workflows), and the calls to Temporal's frontend that left a trace there. A
 * workflow task or an activity task counts two calls (its poll and its completion), a signal or an
 * update one; heartbeats, queries and empty polls leave no trace and are not counted, and a local
 * activity costs no call of its own (it travels in its workflow task's completion).
 *
 * @param workflows how many workflow runs had events in the window
 * @param events history events
 * @param actions workflow actions
 * @param workflowTasks completed workflow tasks (the hub's)
 * @param hubActivities activity tasks on the hub's queues
 * @param agentActivities activity tasks on an agent's queue
 * @param localActivities local activities the workflows recorded
 * @param hubSignals signals and updates sent by anyone but an agent
 * @param agentSignals signals and updates sent by an agent
 */
record HistoryTally(
    long workflows,
    long events,
    long actions,
    long workflowTasks,
    long hubActivities,
    long agentActivities,
    long localActivities,
    long hubSignals,
    long agentSignals) {

  /** The events that Temporal counts as a workflow's actions. */
  static final Set<EventType> ACTIONS =
      Set.of(
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
          EventType.EVENT_TYPE_TIMER_STARTED,
          EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
          EventType.EVENT_TYPE_MARKER_RECORDED,
          EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
          EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);

  static final HistoryTally NONE = new HistoryTally(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /**
   * Who is an agent: its task queues, and the identities its calls carry (the fleet JVMs' {@code
   * pid@host}).
   */
  record Agents(Predicate<String> queue, Predicate<String> identity) {
    /** Fleetflow's agents: queues {@code cluster-<name>}, and the processes with these pids. */
    static Agents of(List<Long> pids) {
      return new Agents(
          q -> q.startsWith("cluster-") || q.equals(BareJoinWorkflow.AGENT_QUEUE),
          id -> pids.stream().anyMatch(pid -> id.startsWith(pid + "@")));
    }
  }

  /** Tallies one history's events inside the window. */
  static HistoryTally of(List<HistoryEvent> history, Instant from, Instant to, Agents agents) {
    long events = 0;
    long actions = 0;
    long tasks = 0;
    long hubActivities = 0;
    long agentActivities = 0;
    long local = 0;
    long hubSignals = 0;
    long agentSignals = 0;
    for (HistoryEvent e : history) {
      Instant at =
          Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
      if (at.isBefore(from) || at.isAfter(to)) {
        continue;
      }
      events++;
      if (ACTIONS.contains(e.getEventType())) {
        actions++;
      }
      switch (e.getEventType()) {
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> tasks++;
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
          if (agents
              .queue()
              .test(e.getActivityTaskScheduledEventAttributes().getTaskQueue().getName())) {
            agentActivities++;
          } else {
            hubActivities++;
          }
        }
        case EVENT_TYPE_MARKER_RECORDED -> {
          if (e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity")) {
            local++;
          }
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> {
          if (agents
              .identity()
              .test(e.getWorkflowExecutionSignaledEventAttributes().getIdentity())) {
            agentSignals++;
          } else {
            hubSignals++;
          }
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
          String identity =
              e.getWorkflowExecutionUpdateAcceptedEventAttributes()
                  .getAcceptedRequest()
                  .getMeta()
                  .getIdentity();
          if (agents.identity().test(identity)) {
            agentSignals++;
          } else {
            hubSignals++;
          }
        }
        default -> {}
      }
    }
    return new HistoryTally(
        events > 0 ? 1 : 0,
        events,
        actions,
        tasks,
        hubActivities,
        agentActivities,
        local,
        hubSignals,
        agentSignals);
  }

  /**
   * Tallies, by workflow type, every run that the visibility query finds (add {@code StartTime} and
   * {@code CloseTime} bounds to it to keep it small), counting only the events inside the window.
   */
  static Map<String, HistoryTally> byType(
      WorkflowClient client, String query, Instant from, Instant to, Agents agents) {
    Map<String, HistoryTally> tallies = new TreeMap<>();
    List<WorkflowExecutionMetadata> runs = client.listExecutions(query).toList();
    for (WorkflowExecutionMetadata run : runs) {
      WorkflowExecution execution = run.getExecution();
      List<HistoryEvent> history =
          client.fetchHistory(execution.getWorkflowId(), execution.getRunId()).getEvents();
      tallies.merge(run.getWorkflowType(), of(history, from, to, agents), HistoryTally::plus);
    }
    return tallies;
  }

  /**
   * The query for every run that may have events in the window: started before its end, and running
   * or closed after its start.
   */
  static String activeIn(Instant from, Instant to) {
    return "StartTime <= '%s' AND (ExecutionStatus = 'Running' OR CloseTime >= '%s')"
        .formatted(to, from);
  }

  HistoryTally plus(HistoryTally o) {
    return new HistoryTally(
        workflows + o.workflows,
        events + o.events,
        actions + o.actions,
        workflowTasks + o.workflowTasks,
        hubActivities + o.hubActivities,
        agentActivities + o.agentActivities,
        localActivities + o.localActivities,
        hubSignals + o.hubSignals,
        agentSignals + o.agentSignals);
  }

  /** The hub's calls: its workflow tasks and activity tasks (poll and completion), its signals. */
  long hubCalls() {
    return 2 * (workflowTasks + hubActivities) + hubSignals;
  }

  /** The agents' calls: their activity tasks (poll and completion) and their signals. */
  long agentCalls() {
    return 2 * agentActivities + agentSignals;
  }

  /** A Markdown table row of this tally divided by {@code per}. */
  String row(String label, double per) {
    return String.format(
        java.util.Locale.ROOT,
        "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
        label,
        workflows,
        events / per,
        actions / per,
        workflowTasks / per,
        (hubActivities + agentActivities) / per,
        localActivities / per,
        hubCalls() / per,
        agentCalls() / per);
  }

  /**
   * A whole table: a row per workflow type, their total, and the baseline's row, each divided by
   * {@code per}.
   *
   * @return the table, and the total of the types
   */
  static Table table(
      String perWhat, Map<String, HistoryTally> byType, HistoryTally bare, double per) {
    StringBuilder text = new StringBuilder(header(perWhat));
    HistoryTally total = NONE;
    for (Map.Entry<String, HistoryTally> type : byType.entrySet()) {
      text.append(type.getValue().row(type.getKey(), per));
      total = total.plus(type.getValue());
    }
    text.append(total.row("**Fleetflow, all workflows**", per));
    text.append(bare.row("**bare fan-out**", per));
    return new Table(text.toString(), total);
  }

  /** A rendered table and the total of its workflow types. */
  record Table(String text, HistoryTally total) {}

  /** The header of {@link #row}'s table. */
  static String header(String per) {
    return "| workflows | runs | events "
        + per
        + " | actions "
        + per
        + " | workflow tasks "
        + per
        + " | activities "
        + per
        + " | local activities "
        + per
        + " | hub calls "
        + per
        + " | agent calls "
        + per
        + " |\n|---|---|---|---|---|---|---|---|---|\n";
  }
}
