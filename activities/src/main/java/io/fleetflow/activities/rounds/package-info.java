/**
 * Sharing one round of work among the hub's callers that ask for it at about the same time, so that
 * a burst of a thousand clusters costs a few rounds (of notices, reads or feed signals) instead of
 * a thousand.
 */
package io.fleetflow.activities.rounds;
