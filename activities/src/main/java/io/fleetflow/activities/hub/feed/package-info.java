/**
 * How a hub worker hands its entities' changes to the change feed: a group commit that sends the
 * changes made while one signal is on its way as the next signal's batch, so that the one feed
 * workflow takes a signal per round trip instead of one per change.
 */
package io.fleetflow.activities.hub.feed;
