package io.fleetflow.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The hub worker: runs every entity workflow on the task queue {@code fleetflow-hub}. It holds no
 * cluster credentials; all work on clusters goes through the agents' own task queues.
 */
@SpringBootApplication
public class HubApplication {
  public static void main(String[] args) {
    io.fleetflow.model.work.CelConditionRules.warmUp();
    SpringApplication.run(HubApplication.class, args);
  }
}
