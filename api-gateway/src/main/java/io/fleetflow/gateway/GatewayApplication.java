package io.fleetflow.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The API gateway: a Kubernetes-style REST API over Fleetflow's entity workflows, so that {@code
 * kubectl} and the fabric8 client work against the hub unchanged. It runs no workflow code; it
 * validates requests and turns REST verbs into Temporal queries and updates.
 */
@SpringBootApplication
public class GatewayApplication {
  public static void main(String[] args) {
    SpringApplication.run(GatewayApplication.class, args);
  }
}
