package io.fleetflow.hub;

import io.fleetflow.client.EntityClient;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.takeover.DefaultTakeoverProfile;
import io.fleetflow.model.takeover.TakeoverProfileKinds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Installs the default takeover profile when the hub starts and none exists, so that accepted
 * clusters get the management resources without an operator writing a profile first. An existing
 * profile, edited or not, is never overwritten.
 */
@Component
public class DefaultTakeoverProfileInstaller implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DefaultTakeoverProfileInstaller.class);
  private final EntityClient entities;
  private final boolean enabled;

  public DefaultTakeoverProfileInstaller(
      EntityClient entities,
      @Value("${fleetflow.takeover.install-default-profile:true}") boolean enabled) {
    this.entities = entities;
    this.enabled = enabled;
  }

  /** Runs in the background: an update needs the hub's workers, which start after the runners. */
  @Override
  public void run(ApplicationArguments args) {
    if (!enabled) {
      return;
    }
    Thread.ofVirtual()
        .name("default-takeover-profile")
        .start(
            () -> {
              if (BuiltInObjects.ensure(
                  entities,
                  TakeoverProfileKinds.CLUSTER_TAKEOVER_PROFILE,
                  DefaultTakeoverProfile.load(),
                  Actor.system("hub", "the default takeover profile"))) {
                log.info("installed the default ClusterTakeoverProfile");
              }
            });
  }
}
