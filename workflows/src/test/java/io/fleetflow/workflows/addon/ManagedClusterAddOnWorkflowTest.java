package io.fleetflow.workflows.addon;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.activities.addon.RenderedAddOn;
import io.fleetflow.activities.hub.GeneratedWorkActivities;
import io.fleetflow.activities.hub.GeneratedWorkActivities.AppliedWork;
import io.fleetflow.activities.hub.GeneratedWorkActivities.GeneratedWork;
import io.fleetflow.model.addon.ConfigKinds;
import io.fleetflow.model.addon.ConfigReference;
import io.fleetflow.model.addon.ConfigSpecHash;
import io.fleetflow.model.addon.HealthCheck;
import io.fleetflow.model.addon.ManagedClusterAddOn;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.model.work.ManifestWorkStatus.FeedbackValue;
import io.fleetflow.model.work.ManifestWorkStatus.FieldValue;
import io.fleetflow.model.work.ManifestWorkStatus.ManifestCondition;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.fleetflow.model.work.ManifestWorkStatus.StatusFeedbackResult;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.work.WorkOwners.StatusReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * One add-on on one cluster: rendered and applied once, Available when its Deployment reports a
 * ready replica, a render problem said in Configured and fixed by the next change, and a removal
 * that runs the pre-delete hook before the works go.
 */
class ManagedClusterAddOnWorkflowTest {
  private static final String DEPLOY = ManagedClusterAddOn.deployWorkName("probe");
  private static final String HOOK = ManagedClusterAddOn.hookWorkName("probe");

  private HubTestEnvironment hub;
  private GeneratedWorkActivities works;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    works = hub.generatedWorks();
    when(works.apply(any())).thenAnswer(call -> new AppliedWork(1, List.of(), true));
    when(works.delete(anyString(), anyString(), any())).thenReturn(true);
    when(works.gone(anyString(), anyString())).thenReturn(true);
    when(hub.addOns().render(any())).thenReturn(rendered(true));
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void anAddOnAppliesItsWorkOnceAndIsAvailableWhenItsDeploymentIsReady() {
    ManagedClusterAddOnWorkflow addOn = hub.createAddOn(addOn(), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    ArgumentCaptor<GeneratedWork> applied = ArgumentCaptor.forClass(GeneratedWork.class);
    verify(works).apply(applied.capture());
    assertThat(applied.getValue().name()).isEqualTo(DEPLOY);
    assertThat(applied.getValue().labels())
        .containsEntry(ManagedClusterAddOn.ADDON_NAME_LABEL, "probe");
    assertThat(condition(addOn, "Progressing")).isEqualTo("Progressing");

    addOn.manifestWorkStatusChanged(report(DEPLOY, readyReplicas(1)));
    hub.env().sleep(Duration.ofSeconds(1));

    assertThat(condition(addOn, "Progressing")).isEqualTo("Completed");
    assertThat(condition(addOn, "Available")).isEqualTo("ProbeAvailable");
    assertThat(addOn.get().getStatus().getConfigReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.lastAppliedConfig()).isEqualTo(r.desiredConfig()));

    addOn.configsChanged();
    hub.env().sleep(Duration.ofSeconds(1));
    verify(works, times(1)).apply(any());
  }

  @Test
  void aChangedRenderingIsANewRevisionOfTheWorkTheClusterAlreadyHas() {
    ManagedClusterAddOnWorkflow addOn = hub.createAddOn(addOn(), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
    when(hub.addOns().render(any())).thenReturn(rendered(true, "hash-2"));
    addOn.configsChanged();
    hub.env().sleep(Duration.ofSeconds(1));

    ArgumentCaptor<GeneratedWork> applied = ArgumentCaptor.forClass(GeneratedWork.class);
    verify(works, times(2)).apply(applied.capture());
    // The first is created without being read first; the second changes the work it made.
    assertThat(applied.getAllValues())
        .extracting(GeneratedWork::revision, GeneratedWork::firstApply)
        .containsExactly(tuple(1L, true), tuple(2L, false));
  }

  @Test
  void aDeploymentWithoutAReadyReplicaIsUnavailable() {
    ManagedClusterAddOnWorkflow addOn = hub.createAddOn(addOn(), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
    addOn.manifestWorkStatusChanged(report(DEPLOY, readyReplicas(0)));
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(condition(addOn, "Available")).isEqualTo("ProbeUnavailable");
  }

  @Test
  void aRenderProblemIsSaidInConfiguredAndTheNextChangeFixesIt() {
    when(hub.addOns().render(any()))
        .thenReturn(
            RenderedAddOn.failed("TemplateNotFound", "AddOnTemplate \"probe-1\" does not exist"));
    ManagedClusterAddOnWorkflow addOn = hub.createAddOn(addOn(), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(condition(addOn, "Configured")).isEqualTo("TemplateNotFound");
    verify(works, never()).apply(any());

    when(hub.addOns().render(any())).thenReturn(rendered(true));
    addOn.configsChanged();
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(condition(addOn, "Configured")).isEqualTo("ConfigurationsConfigured");
    verify(works).apply(any());
  }

  @Test
  void removalRunsThePreDeleteHookBeforeTheWorksGo() {
    ManagedClusterAddOnWorkflow addOn = hub.createAddOn(addOn(), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    addOn.delete(ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
    ArgumentCaptor<GeneratedWork> applied = ArgumentCaptor.forClass(GeneratedWork.class);
    verify(works, times(2)).apply(applied.capture());
    assertThat(applied.getAllValues().get(1).name()).isEqualTo(HOOK);
    verify(works, never()).delete(anyString(), eq(DEPLOY), any());
    assertThat(condition(addOn, "HookManifestCompleted")).isEqualTo("HookManifestIsNotCompleted");

    addOn.manifestWorkStatusChanged(report(HOOK, jobComplete()));
    hub.env().sleep(Duration.ofSeconds(1));
    verify(works).delete(eq("east"), eq(HOOK), any());
    verify(works).delete(eq("east"), eq(DEPLOY), any());
  }

  private static String condition(ManagedClusterAddOnWorkflow addOn, String type) {
    return Conditions.reasonOf(addOn.get().getStatus().getConditions(), type);
  }

  private static ManagedClusterAddOn addOn() {
    ManagedClusterAddOn addOn = new ManagedClusterAddOn();
    addOn.setMetadata(new ObjectMetaBuilder().withName("probe").withNamespace("east").build());
    return addOn;
  }

  private static RenderedAddOn rendered(boolean withHook) {
    return rendered(withHook, "hash-1");
  }

  private static RenderedAddOn rendered(boolean withHook, String contentHash) {
    return new RenderedAddOn(
        null,
        true,
        "probe-agent",
        new ManifestWorkSpec(),
        withHook ? new ManifestWorkSpec() : null,
        contentHash,
        List.of(
            new ConfigReference(
                ConfigKinds.GROUP,
                ConfigKinds.TEMPLATES,
                "probe-1",
                null,
                new ConfigSpecHash(null, "probe-1", "h1"),
                null,
                null)),
        new HealthCheck(HealthCheck.DEPLOYMENT_AVAILABILITY, null),
        null,
        List.of(),
        null,
        List.of());
  }

  private static StatusReport report(String work, ManifestCondition manifest) {
    return new StatusReport(
        "east", work, 1, Fixtures.workConditions(true, 1), false, List.of(manifest));
  }

  private static ManifestCondition readyReplicas(long ready) {
    return new ManifestCondition(
        new ResourceMeta(1, "apps", "v1", "Deployment", "deployments", "agent", "ns"),
        new StatusFeedbackResult(
            List.of(
                new FeedbackValue(
                    "Replicas", new FieldValue(FieldValue.INTEGER, 1L, null, null, null)),
                new FeedbackValue(
                    "ReadyReplicas", new FieldValue(FieldValue.INTEGER, ready, null, null, null)))),
        List.of());
  }

  private static ManifestCondition jobComplete() {
    return new ManifestCondition(
        new ResourceMeta(0, "batch", "v1", "Job", "jobs", "cleanup", "ns"),
        null,
        List.of(Conditions.of("Complete", "True", "JobComplete", "the job completed")));
  }
}
