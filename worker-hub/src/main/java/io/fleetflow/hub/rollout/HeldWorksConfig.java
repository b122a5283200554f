package io.fleetflow.hub.rollout;

import io.fleetflow.workflows.rollout.HeldWorks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

/**
 * Whether replica sets this hub starts hold their generated works themselves ({@link HeldWorks}):
 * {@code fleetflow.rollout.held-works} (environment {@code FLEETFLOW_ROLLOUT_HELD_WORKS}), on by
 * default; {@code false} gives each generated work a ManifestWork workflow of its own. A replica
 * set decides once, at its first launch; changing the setting later changes no running rollout.
 */
@Configuration
public class HeldWorksConfig {
  private static final Logger log = LoggerFactory.getLogger(HeldWorksConfig.class);

  public HeldWorksConfig(@Value("${fleetflow.rollout.held-works:true}") boolean heldWorks) {
    HeldWorks.enable(heldWorks);
    if (!heldWorks) {
      log.info(
          "replica sets that launch from now on give each generated work a ManifestWork workflow"
              + " (fleetflow.rollout.held-works=false)");
    }
  }
}
