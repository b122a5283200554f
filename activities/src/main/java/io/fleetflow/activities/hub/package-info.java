/**
 * Activities that run on the hub, on the task queue {@code fleetflow-hub}: they bring the hub's
 * configuration and decisions into workflows, where they are recorded in history so that replay
 * sees the same values.
 */
package io.fleetflow.activities.hub;
