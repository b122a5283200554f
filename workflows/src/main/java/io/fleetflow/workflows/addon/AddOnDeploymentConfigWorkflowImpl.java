package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.AddOnDeploymentConfig;
import io.fleetflow.model.addon.AddOnKinds;
import io.fleetflow.model.addon.ConfigKinds;
import io.temporal.workflow.WorkflowInit;

/** Implements {@link AddOnDeploymentConfigWorkflow}. */
public class AddOnDeploymentConfigWorkflowImpl
    extends AddOnConfigWorkflowBase<AddOnDeploymentConfig>
    implements AddOnDeploymentConfigWorkflow {
  private final AddOnDeploymentConfigState state;

  @WorkflowInit
  public AddOnDeploymentConfigWorkflowImpl(AddOnDeploymentConfigState carried) {
    super(AddOnKinds.ADD_ON_DEPLOYMENT_CONFIG, ConfigKinds.DEPLOYMENT_CONFIGS, object -> {});
    this.state = carried != null ? carried : new AddOnDeploymentConfigState();
  }

  @Override
  public void run(AddOnDeploymentConfigState carried) {
    runLife(state);
  }

  @Override
  protected String notified() {
    return state.notified;
  }

  @Override
  protected void notified(String hash) {
    state.notified = hash;
  }

  @Override
  protected AddOnDeploymentConfig object() {
    return state.config;
  }

  @Override
  protected void object(AddOnDeploymentConfig object) {
    state.config = object;
  }
}
