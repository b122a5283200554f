package io.fleetflow.model.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fleetflow.model.meta.ObjectResultStatus;

/**
 * What a ManagedClusterView sees: {@code result} is the object as the cluster last showed it (null
 * when it was never read or is gone), and the {@code Processing} condition says how reading it
 * goes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterViewStatus extends ObjectResultStatus {}
