package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.AddOnDeploymentConfig;

/** What an AddOnDeploymentConfig workflow carries from one run to the next. */
public class AddOnDeploymentConfigState {
  /** The config, or null before it was created. */
  public AddOnDeploymentConfig config;

  /** The hash of the content the add-ons were last told about. */
  public String notified;
}
