package io.fleetflow.workflows.addon;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.activities.addon.RenderedAddOn;
import io.fleetflow.model.addon.AddOnHealth;
import io.fleetflow.model.addon.ConfigReference;
import io.fleetflow.model.addon.HealthCheck;
import io.fleetflow.model.addon.ManagedClusterAddOn;
import io.fleetflow.model.addon.ManagedClusterAddOnStatus;
import io.fleetflow.model.meta.Conditions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Computes a ManagedClusterAddOn's status from what its workflow knows (the latest render, the
 * deploy work's revision and report), as OCM's add-on manager sets it: {@code Configured}, {@code
 * ManifestApplied}, {@code Progressing} (Progressing, Completed, Failed, ConfigurationUnsupported),
 * {@code Available} by the health check, and {@code configReferences} whose {@code
 * lastAppliedConfig} follows the work. Pure.
 */
public final class AddOnConditions {
  public static final String PROGRESSING = "Progressing";
  public static final String COMPLETED = "Completed";
  public static final String FAILED = "Failed";
  public static final String UNSUPPORTED = "ConfigurationUnsupported";

  private AddOnConditions() {}

  /**
   * Writes the status.
   *
   * @param applyFailure why the last apply of the work failed, or null
   * @return true when anything changed
   */
  public static boolean update(
      ManagedClusterAddOn addOn, ManagedClusterAddOnState state, String applyFailure, Instant now) {
    ManagedClusterAddOnStatus status = addOn.getStatus();
    List<Condition> conditions = status.getConditions();
    RenderedAddOn rendered = state.rendered;
    boolean changed = false;
    if (rendered == null) {
      return false;
    }
    if (rendered.problem() != null) {
      changed |=
          set(
              conditions,
              ManagedClusterAddOn.CONDITION_CONFIGURED,
              Conditions.FALSE,
              rendered.problem().reason(),
              rendered.problem().message(),
              now);
      changed |=
          set(
              conditions,
              ManagedClusterAddOn.CONDITION_PROGRESSING,
              Conditions.FALSE,
              UNSUPPORTED,
              rendered.problem().message(),
              now);
      return changed;
    }
    changed |=
        set(
            conditions,
            ManagedClusterAddOn.CONDITION_CONFIGURED,
            Conditions.TRUE,
            rendered.managedByHub() ? "ConfigurationsConfigured" : "SelfManaged",
            rendered.managedByHub()
                ? "rendered from " + describe(rendered.configReferences())
                : "the add-on's own manager deploys it (lifecycle self)",
            now);
    changed |= registration(conditions, state, rendered, now);
    if (!rendered.managedByHub()) {
      return changed;
    }
    boolean applied = applied(state);
    Optional<Condition> appliedCondition =
        state.deployReport == null
            ? Optional.empty()
            : Conditions.find(state.deployReport.conditions(), "Applied");
    if (applied) {
      changed |=
          set(
              conditions,
              ManagedClusterAddOn.CONDITION_MANIFEST_APPLIED,
              Conditions.TRUE,
              "AddonManifestApplied",
              "the add-on's work is applied on the cluster",
              now);
      changed |=
          set(
              conditions,
              ManagedClusterAddOn.CONDITION_PROGRESSING,
              Conditions.FALSE,
              COMPLETED,
              "revision " + state.workRevision + " of the add-on's work is applied",
              now);
    } else if (applyFailure != null
        || appliedCondition.map(c -> Conditions.FALSE.equals(c.getStatus())).orElse(false)) {
      String why = applyFailure != null ? applyFailure : appliedCondition.get().getMessage();
      changed |=
          set(
              conditions,
              ManagedClusterAddOn.CONDITION_MANIFEST_APPLIED,
              Conditions.FALSE,
              "AddonManifestAppliedFailed",
              why,
              now);
      changed |=
          set(
              conditions,
              ManagedClusterAddOn.CONDITION_PROGRESSING,
              Conditions.FALSE,
              FAILED,
              why,
              now);
    } else {
      changed |=
          set(
              conditions,
              ManagedClusterAddOn.CONDITION_PROGRESSING,
              Conditions.TRUE,
              PROGRESSING,
              "applying revision " + state.workRevision + " of the add-on's work",
              now);
    }
    HealthCheck check = rendered.health();
    AddOnHealth.Verdict verdict =
        AddOnHealth.judge(
            check,
            new AddOnHealth.Observed(
                applied,
                state.deployReport == null ? List.of() : state.deployReport.conditions(),
                state.deployReport == null || state.deployReport.manifests() == null
                    ? List.of()
                    : state.deployReport.manifests(),
                state.lease));
    changed |=
        set(
            conditions,
            ManagedClusterAddOn.CONDITION_AVAILABLE,
            verdict.status(),
            verdict.reason(),
            verdict.message(),
            now);
    List<ConfigReference> references =
        rendered.configReferences().stream()
            .map(
                r ->
                    new ConfigReference(
                        r.group(),
                        r.resource(),
                        r.name(),
                        r.namespace(),
                        r.desiredConfig(),
                        applied ? r.desiredConfig() : lastApplied(status, r),
                        0L))
            .toList();
    if (!references.equals(status.getConfigReferences())) {
      status.setConfigReferences(references);
      changed = true;
    }
    if (!java.util.Objects.equals(status.getNamespace(), rendered.installNamespace())) {
      status.setNamespace(rendered.installNamespace());
      changed = true;
    }
    return changed;
  }

  /**
   * {@code RegistrationApplied}, for an add-on whose template asks for hub permissions or a hub
   * client certificate: True once both stand as the render asks, False with the reason while they
   * do not.
   */
  private static boolean registration(
      List<Condition> conditions,
      ManagedClusterAddOnState state,
      RenderedAddOn rendered,
      Instant now) {
    var subject = rendered.kubeClientSubject();
    if (subject == null && rendered.bindings().isEmpty()) {
      return false;
    }
    String type = ManagedClusterAddOn.CONDITION_REGISTRATION_APPLIED;
    if (state.registrationProblem != null) {
      return set(
          conditions,
          type,
          Conditions.FALSE,
          "SetPermissionFailed",
          state.registrationProblem,
          now);
    }
    boolean bound = rendered.bindings().equals(state.hubBindings);
    boolean certified = subject == null || subject.user().equals(state.credentialSubject);
    if (!bound || !certified) {
      return set(
          conditions,
          type,
          Conditions.FALSE,
          "Registering",
          "binding the add-on's hub permissions and asking for its agent's client certificate",
          now);
    }
    String message =
        "hub permissions bound by "
            + state.hubBindings.size()
            + " RoleBinding(s) to group "
            + (subject == null ? "of the add-on" : subject.groups().get(0))
            + (subject == null
                ? ""
                : "; the client certificate of "
                    + subject.user()
                    + " is valid until "
                    + state.credentialNotAfter
                    + " (CertificateSigningRequest "
                    + state.credentialRequest
                    + ")");
    return set(conditions, type, Conditions.TRUE, "SetPermissionApplied", message, now);
  }

  /** The progress reason as the ClusterManagementAddOn hears it. */
  public static String progress(ManagedClusterAddOn addOn) {
    return Conditions.reasonOf(
        addOn.getStatus().getConditions(), ManagedClusterAddOn.CONDITION_PROGRESSING);
  }

  /**
   * Whether the deploy work reports Applied for the generation that carries its revision: the
   * condition must have been computed from that generation, since right after a change the work
   * still shows the Applied of the generation before (a 200-cluster benchmark caught a rollout that
   * counted such clusters done).
   */
  public static boolean applied(ManagedClusterAddOnState state) {
    if (state.deployReport == null
        || state.workRevision == 0
        || state.deployReport.deleted()
        || state.deployReport.generation() < state.workGeneration) {
      return false;
    }
    return Conditions.find(state.deployReport.conditions(), "Applied")
        .map(
            c ->
                Conditions.TRUE.equals(c.getStatus())
                    && (c.getObservedGeneration() == null
                        || c.getObservedGeneration() >= state.workGeneration))
        .orElse(false);
  }

  private static io.fleetflow.model.addon.ConfigSpecHash lastApplied(
      ManagedClusterAddOnStatus status, ConfigReference reference) {
    return status.getConfigReferences().stream()
        .filter(
            r ->
                java.util.Objects.equals(r.group(), reference.group())
                    && java.util.Objects.equals(r.resource(), reference.resource()))
        .map(ConfigReference::lastAppliedConfig)
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private static String describe(List<ConfigReference> references) {
    return String.join(
        ", ",
        references.stream()
            .map(
                r ->
                    r.resource()
                        + " "
                        + (r.namespace() == null ? "" : r.namespace() + "/")
                        + r.name())
            .toList());
  }

  private static boolean set(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Instant now) {
    return Conditions.set(conditions, type, status, reason, message, now, null);
  }
}
