package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.AddOnTemplate;

/** What an AddOnTemplate workflow carries from one run to the next. */
public class AddOnTemplateState {
  /** The template, or null before it was created. */
  public AddOnTemplate template;

  /** The hash of the content the add-ons were last told about. */
  public String notified;
}
