package io.fleetflow.workflows.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.activities.agent.ApplyResult;
import io.fleetflow.activities.agent.ResourceResult;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWorkStatus;
import io.fleetflow.model.work.ManifestWorkStatus.FeedbackValue;
import io.fleetflow.model.work.ManifestWorkStatus.FieldValue;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the agent's per-resource report becomes a ManifestWork's status. */
class WorkConditionsTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final Instant T1 = T0.plusSeconds(30);
  private static final ResourceMeta WEB =
      new ResourceMeta(0, "apps", "v1", "Deployment", "deployments", "web", "hello");
  private static final ResourceMeta API =
      new ResourceMeta(1, "apps", "v1", "Deployment", "deployments", "api", "hello");
  private static final ResourceMeta SETTINGS =
      new ResourceMeta(2, "", "v1", "ConfigMap", "configmaps", "settings", "hello");

  private final ManifestWorkStatus status = new ManifestWorkStatus();

  @Test
  void aRollingWorkloadMakesTheWorkProgressingAndAppliedCarriesTheGeneration() {
    WorkConditions.apply(
        status,
        report(
            deployment(WEB, "True", "False", "1 of 3 updated replicas available"),
            deployment(API, "False", "False", "all 3 replicas updated and available"),
            configMap()),
        T0,
        4);

    assertThat(work("Applied").getStatus()).isEqualTo("True");
    assertThat(work("Applied").getObservedGeneration()).isEqualTo(4L);
    assertThat(work("Available").getStatus()).isEqualTo("True");
    assertThat(work("Progressing").getStatus()).isEqualTo("True");
    assertThat(work("Progressing").getMessage())
        .isEqualTo("1 of 2 resources: Deployment web: 1 of 3 updated replicas available");
    assertThat(work("Degraded").getStatus()).isEqualTo("False");
    assertThat(status.getResourceStatus().manifests()).hasSize(3);
    assertThat(status.getResourceStatus().manifests().get(2).conditions())
        .extracting(Condition::getType)
        .containsExactly("Applied", "Available");
  }

  @Test
  void oneDegradedWorkloadDegradesTheWork() {
    WorkConditions.apply(
        status,
        report(
            deployment(WEB, "False", "True", "ReplicaSet web-1 has timed out progressing"),
            deployment(API, "False", "False", "done")),
        T0,
        1);

    assertThat(work("Degraded").getStatus()).isEqualTo("True");
    assertThat(work("Degraded").getMessage()).contains("Deployment web: ReplicaSet web-1");
    assertThat(work("Progressing").getStatus()).isEqualTo("False");
  }

  @Test
  void completeIsTrueOnlyWhenEveryResourceWithTheConditionIsComplete() {
    ResourceResult doneJob = withConditions(WEB, Conditions.of("Complete", "True", "x", "done"));
    ResourceResult runningJob =
        withConditions(API, Conditions.of("Complete", "False", "x", "running"));

    WorkConditions.apply(status, report(doneJob, runningJob, configMap()), T0, 1);
    assertThat(work("Complete").getStatus()).isEqualTo("False");

    WorkConditions.apply(status, report(doneJob, doneJob(API), configMap()), T1, 1);
    assertThat(work("Complete").getStatus()).isEqualTo("True");
    assertThat(work("Complete").getLastTransitionTime()).isEqualTo(T1.toString());
  }

  @Test
  void anUnchangedReportKeepsTransitionTimesAndChangesNothing() {
    ApplyResult report = report(deployment(WEB, "True", "False", "rolling"));
    WorkConditions.apply(status, report, T0, 1);

    boolean changed = WorkConditions.apply(status, report, T1, 1);

    assertThat(changed).isFalse();
    assertThat(work("Progressing").getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(status.getResourceStatus().manifests().get(0).conditions())
        .allSatisfy(c -> assertThat(c.getLastTransitionTime()).isEqualTo(T0.toString()));
  }

  @Test
  void aConditionNoResourceReportsAnyMoreLeavesTheWork() {
    WorkConditions.apply(status, report(deployment(WEB, "True", "False", "rolling")), T0, 1);

    boolean changed = WorkConditions.apply(status, report(configMap()), T1, 2);

    assertThat(changed).isTrue();
    assertThat(status.getConditions())
        .extracting(Condition::getType)
        .containsExactly("Applied", "Available");
  }

  @Test
  void feedbackValuesAreKeptPerResourceAndAFailedApplyIsNamed() {
    ResourceResult failed =
        new ResourceResult(
            SETTINGS,
            null,
            false,
            false,
            "AppliedManifestFailed",
            "apply failed: Apply failed with 1 conflict: conflict with \"kubectl\": .data.color");
    ResourceResult web =
        new ResourceResult(
            WEB,
            "uid",
            true,
            true,
            "AppliedManifestComplete",
            "updated",
            List.of(new FeedbackValue("ReadyReplicas", FieldValue.ofInteger(3))),
            null);

    WorkConditions.apply(status, report(web, failed), T0, 1);

    assertThat(work("Applied").getStatus()).isEqualTo("False");
    assertThat(work("Applied").getMessage()).contains("ConfigMap settings: apply failed");
    assertThat(work("Applied").getMessage()).contains("conflict with \"kubectl\"");
    assertThat(status.getResourceStatus().manifests().get(0).statusFeedback().values())
        .containsExactly(new FeedbackValue("ReadyReplicas", FieldValue.ofInteger(3)));
    assertThat(status.getResourceStatus().manifests().get(1).conditions().get(0).getReason())
        .isEqualTo("AppliedManifestFailed");
  }

  private Condition work(String type) {
    return Conditions.find(status.getConditions(), type)
        .orElseThrow(() -> new AssertionError("no work condition " + type));
  }

  private static ApplyResult report(ResourceResult... results) {
    return new ApplyResult(List.of(results));
  }

  private static ResourceResult deployment(
      ResourceMeta meta, String progressing, String degraded, String message) {
    return withConditions(
        meta,
        Conditions.of("Progressing", progressing, "Rollout", message),
        Conditions.of("Degraded", degraded, "Rollout", message));
  }

  private static ResourceResult doneJob(ResourceMeta meta) {
    return withConditions(meta, Conditions.of("Complete", "True", "x", "done"));
  }

  private static ResourceResult withConditions(ResourceMeta meta, Condition... conditions) {
    return new ResourceResult(
        meta, "uid", true, true, "AppliedManifestComplete", "ok", null, List.of(conditions));
  }

  private static ResourceResult configMap() {
    return new ResourceResult(SETTINGS, "uid", true, true, "AppliedManifestComplete", "ok");
  }
}
