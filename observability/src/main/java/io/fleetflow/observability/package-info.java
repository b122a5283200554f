/**
 * What makes a Fleetflow process operable: health and metrics defaults, the Temporal SDK's metrics,
 * and logs that carry the workflow and the cluster they are about.
 */
package io.fleetflow.observability;
