package io.fleetflow.e2e.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetflow.e2e.gateway.FuzzFixtures.Snapshot;
import io.fleetflow.e2e.gateway.RequestGenerator.Generated;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.RawHttp;
import io.fleetflow.e2e.support.RawHttp.Response;
import io.temporal.client.WorkflowClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated tier: random and adversarial requests (bodies, sizes, nesting, types, patch and
 * media types, paths, queries, roles, headers) at every kind and verb, through the real gateway on
 * the real dev server. For every request: no 5xx; every refusal a Kubernetes Status with a code a
 * Kubernetes API server could give it; and after every refusal each object exactly as before, with
 * no update accepted by any object's workflow.
 *
 * <p>The seed is printed and named in every failure; {@code -Dfleetflow.fuzz.seed=N} repeats a run,
 * {@code -Dfleetflow.fuzz.tries=N} runs longer (CI runs {@value #DEFAULT_TRIES}).
 */
class GatewayFuzzE2ETest {
  static final int DEFAULT_TRIES = 200;

  private static Fleet fleet;
  private static RawHttp admin;
  private static WorkflowClient temporal;

  @BeforeAll
  static void startFleetAndCreateOneObjectOfEachKind() {
    fleet = Fleet.start("fuzz");
    admin = fleet.rawGateway("admin");
    temporal = fleet.temporal();
    FuzzFixtures.create(admin);
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void noRequestGetsA5xxEveryRefusalIsAStatusAndNothingRefusedChangesAnything() {
    long seed = Long.getLong("fleetflow.fuzz.seed", System.nanoTime());
    int tries = Integer.getInteger("fleetflow.fuzz.tries", DEFAULT_TRIES);
    System.out.printf("gateway fuzz: seed %d, %d tries%n", seed, tries);
    RequestGenerator generator = new RequestGenerator(seed);
    Map<String, Integer> codes = new TreeMap<>();
    Map<String, Integer> attacks = new LinkedHashMap<>();
    Snapshot baseline = null;
    for (int attempt = 1; attempt <= tries; attempt++) {
      Generated request = generator.next();
      Snapshot before = FuzzFixtures.snapshot(admin, temporal, request.target(), baseline);
      String where = "seed " + seed + ", try " + attempt + ": " + request;
      Response response = client(request.role()).send(request.request());
      codes.merge(request.attack() + " " + response.status(), 1, Integer::sum);
      attacks.merge(request.attack(), 1, Integer::sum);
      int code = response.status();
      if (code >= 500) {
        fail("5xx for %s%n%s", where, response.text());
      }
      if (code < 400) {
        assertThat(request.mustRefuse())
            .as(
                "accepted with %d although it must be refused: %s%n%s",
                code, where, response.text())
            .isFalse();
        baseline = null;
        continue;
      }
      assertKubernetesStatus(response, where);
      assertThat(request.plausible())
          .as("%d is not a plausible answer to %s%n%s", code, where, response.text())
          .contains(code);
      Snapshot after = FuzzFixtures.snapshot(admin, temporal, request.target(), before);
      String changed = before.difference(after);
      assertThat(changed).as("a refused request changed objects: %s", where).isEmpty();
      baseline = after;
    }
    System.out.printf(
        "gateway fuzz: seed %d passed; attacks %s%nanswers %s%n", seed, attacks, codes);
  }

  private static RawHttp client(String role) {
    return switch (role) {
      case "admin" -> admin;
      case "nobody" -> fleet.rawGateway(null);
      default -> fleet.rawGateway(role);
    };
  }

  private static void assertKubernetesStatus(Response response, String where) {
    JsonNode status = response.json();
    assertThat(status).as("a refusal that is not JSON: %s%n%s", where, response.text()).isNotNull();
    assertThat(response.headers().get("content-type"))
        .as("the content type of the refusal of %s", where)
        .startsWith("application/json");
    assertThat(status.path("kind").asText()).as(where).isEqualTo("Status");
    assertThat(status.path("apiVersion").asText()).as(where).isEqualTo("v1");
    assertThat(status.path("status").asText()).as(where).isEqualTo("Failure");
    assertThat(status.path("code").asInt()).as(where).isEqualTo(response.status());
    assertThat(status.path("reason").asText()).as(where).isNotBlank();
    assertThat(status.path("message").asText()).as(where).isNotBlank();
  }
}
