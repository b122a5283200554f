/**
 * Activities that run inside a managed cluster's agent, on the task queue {@code cluster-<name>}.
 *
 * <p>The hub never opens a connection to a cluster: it schedules these activities on the cluster's
 * own queue, and the agent, which polls that queue, runs them against its local API server.
 */
package io.fleetflow.activities.agent;
