/**
 * OCM's API types as Fleetflow serves them, their validation and their YAML/JSON mapping.
 *
 * <p>This module knows nothing of Temporal or Spring, so that the gateway, the workflows and the
 * agent all agree on one definition of every object.
 */
package io.fleetflow.model;
