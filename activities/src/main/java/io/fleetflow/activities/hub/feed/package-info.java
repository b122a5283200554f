/**
 * How a hub worker's entities' changes travel to the change feed: cut into batches, one signal
 * each, and read back from the feed's signals by everyone who follows it.
 */
package io.fleetflow.activities.hub.feed;
