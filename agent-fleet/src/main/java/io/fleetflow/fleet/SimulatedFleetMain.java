package io.fleetflow.fleet;

import io.fleetflow.agent.AgentMain;
import io.fleetflow.agent.AgentOptions;
import io.fleetflow.simulator.SimulatedCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the real agent on simulated clusters: one ({@code --cluster-name NAME --simulate}) or a
 * fleet in one JVM ({@code --fleet a,b,c --simulate}). Each cluster's API server runs in this JVM
 * and its kubeconfig is written to {@code <state-dir>/clusters/<name>.kubeconfig}. The agent's own
 * jar refuses {@code --simulate}, so no simulator is ever deployed with it.
 */
public final class SimulatedFleetMain {
  private static final Logger log = LoggerFactory.getLogger(SimulatedFleetMain.class);

  private SimulatedFleetMain() {}

  public static void main(String[] args) throws Exception {
    AgentMain.run(
        args,
        options -> {
          if (!options.simulate()) {
            throw new IllegalArgumentException(
                "the agent-fleet jar serves simulated clusters (--simulate); run the agent's own"
                    + " jar for a real cluster\n"
                    + AgentOptions.USAGE);
          }
          return (name, toClose) -> {
            SimulatedCluster simulated = SimulatedCluster.start(name, options.claims());
            simulated.writeKubeconfig(options.stateDir().resolve("clusters"));
            toClose.add(simulated);
            log.info("simulated cluster {} serves its API on {}", name, simulated.url());
            return simulated.client();
          };
        });
  }
}
