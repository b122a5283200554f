/**
 * How the agent keeps the works it applied fresh: it watches the objects it applied, tells each
 * work's workflow when one of them changes or disappears, and asks every work of its cluster to be
 * sent again after it starts. The workflows do the applying; the agent only notices.
 */
package io.fleetflow.agent.work;
