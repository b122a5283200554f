package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.AddOnKinds;
import io.fleetflow.model.addon.AddOnTemplate;
import io.fleetflow.model.addon.ConfigKinds;
import io.temporal.workflow.WorkflowInit;

/** Implements {@link AddOnTemplateWorkflow}. */
public class AddOnTemplateWorkflowImpl extends AddOnConfigWorkflowBase<AddOnTemplate>
    implements AddOnTemplateWorkflow {
  private final AddOnTemplateState state;

  @WorkflowInit
  public AddOnTemplateWorkflowImpl(AddOnTemplateState carried) {
    super(AddOnKinds.ADD_ON_TEMPLATE, ConfigKinds.TEMPLATES, object -> {});
    this.state = carried != null ? carried : new AddOnTemplateState();
  }

  @Override
  public void run(AddOnTemplateState carried) {
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
  protected AddOnTemplate object() {
    return state.template;
  }

  @Override
  protected void object(AddOnTemplate object) {
    state.template = object;
  }
}
