package io.fleetflow.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fleetflow.model.meta.ObjectResultStatus;

/**
 * How a ManagedClusterAction went: the {@code Completed} condition, and in {@code result} the
 * template it applied, as the foundation API reports it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterActionStatus extends ObjectResultStatus {}
