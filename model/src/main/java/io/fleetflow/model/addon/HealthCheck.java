package io.fleetflow.model.addon;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the health of an add-on's agent is judged, as OCM's add-on framework's probers do: {@code
 * Lease} (the agent renews a Lease named after the add-on in its install namespace; renewals missed
 * past a grace make the add-on Unknown), {@code DeploymentAvailability} (every Deployment of the
 * add-on has a ready replica, by the work's feedback), {@code WorkField} (one feedback value of the
 * work equals what the probe expects), {@code Work} (the work is Available) and {@code None}
 * (available once applied). A ClusterManagementAddOn names its mode with {@link
 * ClusterManagementAddOn#HEALTH_CHECK}; template add-ons default to {@code DeploymentAvailability},
 * as OCM's template add-ons do.
 *
 * @param mode one of {@link #MODES}
 * @param probe for {@code WorkField}: the feedback value to compare, else null
 */
public record HealthCheck(String mode, Probe probe) {
  public static final String LEASE = "Lease";
  public static final String DEPLOYMENT_AVAILABILITY = "DeploymentAvailability";
  public static final String WORK_FIELD = "WorkField";
  public static final String WORK = "Work";
  public static final String NONE = "None";
  public static final List<String> MODES =
      List.of(LEASE, DEPLOYMENT_AVAILABILITY, WORK_FIELD, WORK, NONE);

  private static final Pattern PROBE =
      Pattern.compile("^([A-Za-z][A-Za-z0-9]*)/([a-z0-9.-]+)/([a-z0-9.-]+):(\\.[^=]+)=(.+)$");

  /**
   * A {@code WorkField} probe: the manifest (by kind, namespace and name), the JSON path the work's
   * feedback reads from it, and the value that means healthy.
   */
  public record Probe(String kind, String namespace, String name, String path, String expected) {
    /** The name of the feedback value the probe's rule reports. */
    public static final String FEEDBACK_NAME = "probe";
  }

  /** The mode a ClusterManagementAddOn names, or the default; null when the value is invalid. */
  public static Optional<HealthCheck> of(ClusterManagementAddOn addOn) {
    var annotations = addOn.getMetadata().getAnnotations();
    String mode = annotations == null ? null : annotations.get(ClusterManagementAddOn.HEALTH_CHECK);
    if (mode == null || mode.isEmpty()) {
      return Optional.of(new HealthCheck(DEPLOYMENT_AVAILABILITY, null));
    }
    if (!MODES.contains(mode)) {
      return Optional.empty();
    }
    if (!WORK_FIELD.equals(mode)) {
      return Optional.of(new HealthCheck(mode, null));
    }
    String probe = annotations.get(ClusterManagementAddOn.HEALTH_PROBE);
    return parseProbe(probe).map(p -> new HealthCheck(mode, p));
  }

  /** Parses {@code <kind>/<namespace>/<name>:<json path>=<value>}. */
  public static Optional<Probe> parseProbe(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = PROBE.matcher(text);
    return m.matches()
        ? Optional.of(new Probe(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)))
        : Optional.empty();
  }

  /** OCM's status {@code healthCheck.mode}: Lease for Lease, Customized for every other prober. */
  public String ocmMode() {
    return LEASE.equals(mode) ? "Lease" : "Customized";
  }
}
