package io.fleetflow.gateway.api;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.gateway.auth.AuthFilter;
import io.fleetflow.gateway.auth.Principal;
import io.fleetflow.gateway.auth.RequestAuthorizer;
import io.fleetflow.gateway.entity.EntityService;
import io.fleetflow.model.authz.Access;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.registry.Kinds;
import io.fleetflow.workflows.cluster.ClusterEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the events the hub records on objects (for clusters: accepted, denied, a refused duplicate
 * name, lost and regained leases) as core/v1 Events, so {@code kubectl get events} and {@code
 * kubectl describe managedcluster} show them. Every kind that declares an events query ({@link
 * ResourceKind#eventsQuery()}) is asked. Events of cluster-scoped objects live in {@code default},
 * as on a Kubernetes API server. Read-only; a ManagedCluster keeps its last {@value
 * ClusterEvent#KEPT} events.
 */
@RestController
public class EventsController {
  private static final String EVENT_NAMESPACE = "default";
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(EventsController.class);
  private final EntityService entities;
  private final RequestAuthorizer authorizer;

  public EventsController(EntityService entities, RequestAuthorizer authorizer) {
    this.entities = entities;
    this.authorizer = authorizer;
  }

  @GetMapping({"/api/v1/events", "/api/v1/namespaces/{namespace}/events"})
  public Map<String, Object> list(
      @PathVariable(required = false) String namespace,
      @RequestParam(required = false) String fieldSelector,
      @org.springframework.web.bind.annotation.RequestHeader(value = "Accept", required = false)
          String accept,
      jakarta.servlet.http.HttpServletRequest request) {
    Principal caller = (Principal) request.getAttribute(AuthFilter.PRINCIPAL);
    authorizer.require(
        caller.user(), caller.groups(), Access.resource("list", "", "events", "", namespace, ""));
    Predicate<Event> selected = fields(fieldSelector);
    List<Event> events = new ArrayList<>();
    for (ResourceKind<? extends HasMetadata> kind : Kinds.ALL) {
      if (kind.eventsQuery() != null) {
        events.addAll(eventsOf(kind, namespace));
      }
    }
    List<Event> items =
        events.stream()
            .filter(selected)
            .sorted(Comparator.comparing(Event::getLastTimestamp))
            .toList();
    if (Tables.wanted(accept)) {
      return table(items);
    }
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("kind", "EventList");
    list.put("apiVersion", "v1");
    list.put("metadata", Map.of("resourceVersion", "0"));
    list.put("items", items);
    return list;
  }

  /** The events of every object of a kind, in one namespace or all. */
  private List<Event> eventsOf(ResourceKind<? extends HasMetadata> kind, String namespace) {
    List<Event> events = new ArrayList<>();
    if (!kind.namespaced() && namespace != null && !namespace.equals(EVENT_NAMESPACE)) {
      return events;
    }
    for (HasMetadata object : entities.list(kind, kind.namespaced() ? namespace : null)) {
      String objectNamespace = object.getMetadata().getNamespace();
      String name = object.getMetadata().getName();
      ClusterEvent[] recorded;
      try {
        recorded =
            entities.read(kind, objectNamespace, name, kind.eventsQuery(), ClusterEvent[].class);
      } catch (RuntimeException e) {
        // An object whose workflow cannot answer (a hub too old for the query, say) has no events
        // to show; the others still do.
        log.warn("cannot read the events of {} {}: {}", kind.kind(), name, e.getMessage());
        continue;
      }
      for (int i = 0; i < recorded.length; i++) {
        events.add(toEvent(kind, object, recorded[i], i));
      }
    }
    return events;
  }

  /** The columns {@code kubectl get events} shows for a Kubernetes API server. */
  private static Map<String, Object> table(List<Event> events) {
    List<Map<String, Object>> columns = new ArrayList<>();
    for (String column : List.of("Last Seen", "Type", "Reason", "Object", "Message")) {
      columns.add(Tables.column(column, "string", column, 0));
    }
    java.time.Instant now = java.time.Instant.now();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Event e : events) {
      rows.add(
          Map.of(
              "cells",
              List.of(
                  Tables.age(e.getLastTimestamp(), now),
                  e.getType(),
                  e.getReason(),
                  e.getInvolvedObject().getKind().toLowerCase(java.util.Locale.ROOT)
                      + "/"
                      + e.getInvolvedObject().getName(),
                  e.getMessage()),
              "object",
              e));
    }
    return Tables.table(columns, rows);
  }

  private static Event toEvent(
      ResourceKind<?> kind, HasMetadata object, ClusterEvent event, int index) {
    String namespace = kind.namespaced() ? object.getMetadata().getNamespace() : null;
    return new EventBuilder()
        .withNewMetadata()
        .withName(object.getMetadata().getName() + "." + index)
        .withNamespace(namespace == null ? EVENT_NAMESPACE : namespace)
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(kind.apiVersion())
        .withKind(kind.kind())
        .withNamespace(namespace)
        .withName(object.getMetadata().getName())
        .withUid(object.getMetadata().getUid())
        .endInvolvedObject()
        .withType(event.type())
        .withReason(event.reason())
        .withMessage(event.message())
        .withFirstTimestamp(event.firstTime())
        .withLastTimestamp(event.lastTime())
        .withCount(event.count())
        .withNewSource()
        .withComponent("fleetflow-hub")
        .endSource()
        .build();
  }

  /** The field selectors kubectl sends for events: involvedObject.*, type and reason. */
  private static Predicate<Event> fields(String selector) {
    Predicate<Event> all = e -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    for (String term : selector.split(",")) {
      String[] kv = term.split("=", 2);
      String value = kv.length == 2 ? kv[1] : "";
      Predicate<Event> match =
          switch (kv[0]) {
            case "involvedObject.name" -> e -> value.equals(e.getInvolvedObject().getName());
            case "involvedObject.kind" -> e -> value.equals(e.getInvolvedObject().getKind());
            case "involvedObject.uid" -> e -> value.equals(e.getInvolvedObject().getUid());
            case "involvedObject.namespace" ->
                e ->
                    value.equals(
                        java.util.Objects.toString(e.getInvolvedObject().getNamespace(), ""));
            case "involvedObject.apiVersion" ->
                e -> value.equals(e.getInvolvedObject().getApiVersion());
            case "type" -> e -> value.equals(e.getType());
            case "reason" -> e -> value.equals(e.getReason());
            default ->
                throw ApiException.badRequest(
                    "field label not supported for events: "
                        + kv[0]
                        + " (supported: involvedObject.name, .kind, .namespace, .uid, .apiVersion,"
                        + " type, reason)");
          };
      all = all.and(match);
    }
    return all;
  }
}
