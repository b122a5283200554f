/**
 * What every entity workflow shares: each API object is one long-running workflow whose ID is the
 * object's key, whose state is read with the {@code get} Query and changed with validated Updates
 * named {@code create}, {@code apply} and {@code delete}. The gateway maps REST verbs onto these
 * names without knowing the kind.
 */
package io.fleetflow.workflows.entity;
