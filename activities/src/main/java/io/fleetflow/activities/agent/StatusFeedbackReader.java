package io.fleetflow.activities.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.model.work.JsonPathExpression;
import io.fleetflow.model.work.ManifestWorkSpec.FeedbackRule;
import io.fleetflow.model.work.ManifestWorkSpec.JsonPath;
import io.fleetflow.model.work.ManifestWorkStatus.FeedbackValue;
import io.fleetflow.model.work.ManifestWorkStatus.FieldValue;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the values that a resource's feedback rules ask for, as OCM's work agent does: {@code
 * WellKnownStatus} reads OCM's fixed fields of Deployments, DaemonSets, Jobs and Pods; {@code
 * JSONPaths} reads the user's paths. A value that is absent is left out; a number becomes an
 * Integer, a text a String, a truth a Boolean, and anything else (several values, an object, a
 * fraction) JSON text of at most 1024 bytes (OCM's JsonRaw).
 */
final class StatusFeedbackReader {
  /** OCM's limit on a JsonRaw value. */
  static final int MAX_JSON_RAW = 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** OCM's well-known status fields by group/version/kind. */
  private static final Map<String, List<JsonPath>> WELL_KNOWN =
      Map.of(
          "apps/v1/Deployment",
          List.of(
              path("ReadyReplicas", ".status.readyReplicas"),
              path("Replicas", ".status.replicas"),
              path("AvailableReplicas", ".status.availableReplicas")),
          "apps/v1/DaemonSet",
          List.of(
              path("NumberReady", ".status.numberReady"),
              path("DesiredNumberScheduled", ".status.desiredNumberScheduled"),
              path("NumberAvailable", ".status.numberAvailable")),
          "batch/v1/Job",
          List.of(
              path("JobComplete", ".status.conditions[?(@.type==\"Complete\")].status"),
              path("JobSucceeded", ".status.succeeded")),
          "/v1/Pod",
          List.of(
              path("PodReady", ".status.conditions[?(@.type==\"Ready\")].status"),
              path("PodPhase", ".status.phase")));

  /** The values read, and what could not be read, in words. */
  record Feedback(List<FeedbackValue> values, List<String> problems) {}

  private StatusFeedbackReader() {}

  static Feedback read(List<FeedbackRule> rules, ResourceMeta meta, Map<String, Object> object) {
    List<FeedbackValue> values = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (FeedbackRule rule : rules) {
      if (FeedbackRule.WELL_KNOWN_STATUS.equals(rule.type())) {
        List<JsonPath> paths =
            WELL_KNOWN.get(meta.group() + "/" + meta.version() + "/" + meta.kind());
        if (paths == null) {
          problems.add(
              "there are no well-known statuses for "
                  + meta.kind()
                  + " ("
                  + (meta.group().isEmpty() ? "" : meta.group() + "/")
                  + meta.version()
                  + "); use JSONPaths");
          continue;
        }
        paths.forEach(p -> readInto(p, object, values, problems));
      } else if (rule.jsonPaths() != null) {
        for (JsonPath p : rule.jsonPaths()) {
          if (p.version() != null
              && !p.version().isEmpty()
              && !p.version().equals(meta.version())) {
            problems.add(
                "the path "
                    + p.name()
                    + " is for version "
                    + p.version()
                    + " but the resource is "
                    + meta.version());
            continue;
          }
          readInto(p, object, values, problems);
        }
      }
    }
    return new Feedback(values, problems);
  }

  private static void readInto(
      JsonPath path,
      Map<String, Object> object,
      List<FeedbackValue> values,
      List<String> problems) {
    List<Object> found;
    try {
      found = JsonPathExpression.parse(path.path()).evaluate(object);
    } catch (IllegalArgumentException e) {
      problems.add("the path " + path.name() + " is not valid: " + e.getMessage());
      return;
    }
    if (found.isEmpty() || (found.size() == 1 && found.get(0) == null)) {
      return;
    }
    Object value = found.size() == 1 ? found.get(0) : found;
    FieldValue field =
        switch (value) {
          case Integer i -> FieldValue.ofInteger(i);
          case Long l -> FieldValue.ofInteger(l);
          case String s -> FieldValue.ofString(s);
          case Boolean b -> FieldValue.ofBoolean(b);
          default -> jsonRaw(path.name(), value, problems);
        };
    if (field != null) {
      values.add(new FeedbackValue(path.name(), field));
    }
  }

  private static FieldValue jsonRaw(String name, Object value, List<String> problems) {
    try {
      String json = JSON.writeValueAsString(value);
      if (json.length() > MAX_JSON_RAW) {
        problems.add(
            "the value of "
                + name
                + " takes "
                + json.length()
                + " bytes, more than the "
                + MAX_JSON_RAW
                + " a JsonRaw value may take");
        return null;
      }
      return FieldValue.ofJsonRaw(json);
    } catch (JsonProcessingException e) {
      problems.add("the value of " + name + " cannot be written as JSON: " + e.getMessage());
      return null;
    }
  }

  private static JsonPath path(String name, String path) {
    return new JsonPath(name, null, path);
  }
}
