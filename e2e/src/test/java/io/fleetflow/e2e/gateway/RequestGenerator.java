package io.fleetflow.e2e.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fleetflow.e2e.gateway.FuzzFixtures.Fixture;
import io.fleetflow.e2e.support.RawHttp.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Generates random and adversarial requests against the fuzz fixtures from one seeded {@link
 * Random}: every kind, every verb, bodies broken in the ways the issue found (sizes, nesting,
 * types, trailing data, documents, nulls, metadata), patch types and media types, path tricks,
 * query parameters, tokens and headers. Each request carries the codes a Kubernetes API server
 * could plausibly answer it with, and whether it must be refused.
 */
final class RequestGenerator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<Integer> BODY_REFUSALS = Set.of(400, 404, 405, 409, 413, 415, 422);

  /** A generated request: what to send, as whom, and what may come back. */
  record Generated(
      String attack,
      Fixture target,
      String role,
      Request request,
      Set<Integer> plausible,
      boolean mustRefuse) {
    @Override
    public String toString() {
      return attack + " as " + role + ": " + request;
    }
  }

  private final Random random;
  private final List<Attack> attacks =
      List.of(
          new Attack("oversized body", 1, this::oversizedBody),
          new Attack("object over 1 MiB", 1, this::oversizedObject),
          new Attack("deep nesting", 3, this::deepNesting),
          new Attack("trailing data", 3, this::trailingData),
          new Attack("second YAML document", 2, this::secondYamlDocument),
          new Attack("wrong JSON types", 6, this::wrongTypes),
          new Attack("nulls", 4, this::nulls),
          new Attack("bad metadata", 4, this::badMetadata),
          new Attack("media type", 4, this::mediaType),
          new Attack("patch", 6, this::patch),
          new Attack("random JSON", 3, this::randomJson),
          new Attack("random bytes", 2, this::randomBytes),
          new Attack("duplicate keys", 2, this::duplicateKeys),
          new Attack("path trick", 5, this::pathTrick),
          new Attack("query", 4, this::query),
          new Attack("role", 3, this::role),
          new Attack("large headers", 1, this::largeHeaders));
  private final int totalWeight = attacks.stream().mapToInt(Attack::weight).sum();

  private record Attack(String name, int weight, Function<Fixture, Generated> make) {}

  RequestGenerator(long seed) {
    this.random = new Random(seed);
  }

  /** The next request, against a fixture of a kind chosen at random. */
  Generated next() {
    Fixture fixture = FuzzFixtures.ALL.get(random.nextInt(FuzzFixtures.ALL.size()));
    int pick = random.nextInt(totalWeight);
    for (Attack attack : attacks) {
      pick -= attack.weight();
      if (pick < 0) {
        return attack.make().apply(fixture);
      }
    }
    throw new IllegalStateException("no attack picked");
  }

  // ---- bodies -------------------------------------------------------------------------------

  private Generated oversizedBody(Fixture f) {
    int size = (3 << 20) + 1 + random.nextInt(512 * 1024);
    byte[] body = padded(f.body(), size);
    Request request = write(f, "application/json", body);
    if (random.nextBoolean()) {
      request.chunked();
    }
    // Chunked, it says no size up front, so a PATCH of the wrong media type is refused first.
    return refused(f, "oversized body", request, Set.of(413, 415));
  }

  private Generated oversizedObject(Fixture f) {
    ObjectNode object = tree(f.body());
    ObjectNode annotations = metadata(object).putObject("annotations");
    // Each annotation stays under 256 KiB in total only if split; the object passes 1 MiB.
    for (int i = 0; i < 5; i++) {
      annotations.put("fuzz.example.com/blob-" + i, "x".repeat(230 * 1024));
    }
    return refused(
        f,
        "object over 1 MiB",
        write(f, "application/json", bytes(object)),
        Set.of(400, 405, 409, 413, 415, 422));
  }

  private Generated deepNesting(Fixture f) {
    int depth = 101 + random.nextInt(random.nextBoolean() ? 50 : 3000);
    ObjectNode object = tree(f.body());
    List<ObjectNode> objects = new ArrayList<>();
    collectObjects(object, objects);
    objects.get(random.nextInt(objects.size())).put("deep", "__DEEP__");
    String nested = "{\"d\":".repeat(depth) + "1" + "}".repeat(depth);
    String body = bytesToString(object).replace("\"__DEEP__\"", nested);
    return refused(f, "deep nesting", write(f, "application/json", body), Set.of(415, 422));
  }

  private Generated trailingData(Fixture f) {
    String garbage =
        switch (random.nextInt(5)) {
          case 0 -> " {}";
          case 1 -> "garbage";
          case 2 -> "]";
          case 3 -> "\n" + f.body();
          default -> "\u0000";
        };
    return refused(
        f, "trailing data", write(f, "application/json", f.body() + garbage), Set.of(400, 415));
  }

  private Generated secondYamlDocument(Fixture f) {
    String yaml = toYaml(f.body());
    String body = yaml + "\n---\n" + yaml;
    return refused(f, "second YAML document", write(f, "application/yaml", body), Set.of(400));
  }

  private Generated wrongTypes(Fixture f) {
    ObjectNode object = tree(f.body());
    List<JsonNode> replacements =
        List.of(
            NODES.numberNode(1),
            NODES.numberNode(1.5),
            NODES.numberNode(-1),
            NODES.numberNode(99999999999L),
            NODES.textNode("1"),
            NODES.textNode("true"),
            NODES.booleanNode(true),
            NODES.arrayNode(),
            NODES.objectNode(),
            NODES.textNode(""));
    replaceRandomLeaf(object, replacements.get(random.nextInt(replacements.size())));
    return maybe(f, "wrong JSON types", write(f, "application/json", bytes(object)));
  }

  private Generated nulls(Fixture f) {
    ObjectNode object = tree(f.body());
    switch (random.nextInt(4)) {
      case 0 -> object.putNull("spec");
      case 1 -> object.putNull("metadata");
      case 2 -> metadata(object).putNull(random.nextBoolean() ? "labels" : "name");
      default -> replaceRandomLeaf(object, NODES.nullNode());
    }
    return maybe(f, "nulls", write(f, "application/json", bytes(object)));
  }

  private Generated badMetadata(Fixture f) {
    ObjectNode object = tree(f.body());
    ObjectNode meta = metadata(object);
    int choice = random.nextInt(6);
    switch (choice) {
      case 0 -> meta.putObject("labels").put(randomKey(), "ok");
      case 1 -> meta.putObject("labels").put("ok", "-" + randomText(70));
      case 2 -> meta.putObject("labels").put("n".repeat(64), "x");
      case 3 -> meta.putObject("annotations").put("a", "x".repeat(256 * 1024 + 1));
      case 4 -> meta.putObject("labels").putNull("env");
      default -> meta.putObject("annotations").put(randomKey() + " !", "x");
    }
    Request request = write(f, "application/json", bytes(object));
    // In a merge patch a null label removes the label, which is a valid change.
    return choice == 4
        ? maybe(f, "bad metadata", request)
        : refused(f, "bad metadata", request, Set.of(405, 415, 422));
  }

  private Generated mediaType(Fixture f) {
    List<String> types =
        List.of(
            "text/plain",
            "application/xml",
            "multipart/form-data; boundary=fuzz",
            "application/x-www-form-urlencoded",
            "application/octet-stream",
            "application/vnd.kubernetes.protobuf",
            "application/json-patch+json",
            "a/b",
            "json",
            "application/json; charset=utf-8",
            "APPLICATION/JSON");
    String type = types.get(random.nextInt(types.size()));
    Request request = write(f, type, f.body());
    String normalized = type.toLowerCase(Locale.ROOT).split(";")[0].trim();
    boolean patch = request.toString().startsWith("PATCH");
    boolean acceptable =
        patch
            ? normalized.equals("application/json-patch+json")
            : normalized.equals("application/json");
    return acceptable
        ? maybe(f, "media type", request)
        : refused(f, "media type", request, Set.of(415));
  }

  private Generated patch(Fixture f) {
    String[] types = {
      "application/merge-patch+json",
      "application/strategic-merge-patch+json",
      "application/json-patch+json",
      "application/apply-patch+yaml",
      "application/json"
    };
    String type = types[random.nextInt(types.length)];
    String body =
        switch (random.nextInt(6)) {
          case 0 ->
              "{\"metadata\":{\"labels\":{\"" + randomKey() + "\":\"" + randomText(8) + "\"}}}";
          case 1 -> "{\"spec\":" + randomValue(3) + "}";
          case 2 -> "[{\"op\":\"replace\",\"path\":\"/spec\",\"value\":" + randomValue(2) + "}]";
          case 3 -> "{\"metadata\":{\"name\":\"" + randomText(5) + "\"}}";
          case 4 -> "{\"spec\":null}";
          default -> randomValue(3);
        };
    Request request =
        new Request("PATCH", f.path()).body(type, body.getBytes(StandardCharsets.UTF_8));
    return maybe(f, "patch", request);
  }

  private Generated randomJson(Fixture f) {
    return maybe(f, "random JSON", write(f, "application/json", randomValue(4)));
  }

  private Generated randomBytes(Fixture f) {
    byte[] body = new byte[1 + random.nextInt(2048)];
    random.nextBytes(body);
    return refused(
        f,
        "random bytes",
        write(f, random.nextBoolean() ? "application/json" : "application/yaml", body),
        Set.of(400, 415, 422));
  }

  private Generated duplicateKeys(Fixture f) {
    String body = f.body().replaceFirst("\\{", "{\"metadata\": {}, ");
    return refused(f, "duplicate keys", write(f, "application/json", body), Set.of(400, 415));
  }

  // ---- paths, queries, roles, headers ---------------------------------------------------------

  private Generated pathTrick(Fixture f) {
    String[] tricks = {
      f.path() + ";x=y",
      f.collection() + ";/" + f.name(),
      f.collection() + "/%2F" + f.name(),
      f.collection() + "/" + f.name() + "%2f..",
      f.collection() + "/../" + f.name(),
      f.collection() + "//" + f.name(),
      f.collection() + "/%2e%2e/" + f.name(),
      f.collection() + "/" + f.name() + "%00",
      f.collection() + "/" + f.name() + "%252F",
      f.collection() + "/" + f.name().toUpperCase(),
      f.collection() + "/" + f.name() + "/extra/segments",
      f.collection()
          .replace("/apis/", "/apis/unknown.example.com/")
          .replaceFirst("/v1[a-z0-9]*/", "/"),
    };
    String path = tricks[random.nextInt(tricks.length)];
    String method = new String[] {"GET", "PUT", "PATCH", "DELETE", "POST"}[random.nextInt(5)];
    Request request = new Request(method, path);
    if (!method.equals("GET") && !method.equals("DELETE")) {
      request.body(
          method.equals("PATCH") ? "application/merge-patch+json" : "application/json", f.body());
    }
    return refused(f, "path trick", request, Set.of(400, 404, 405, 415, 422));
  }

  private Generated query(Fixture f) {
    String[] queries = {
      "?watch=1&timeoutSeconds=" + randomText(4),
      "?watch=1&timeoutSeconds=99999999999999999999",
      "?watch=1&timeoutSeconds=-5",
      "?watch=1&timeoutSeconds=1.5",
      "?watch=maybe&timeoutSeconds=1",
      "?watch=1&timeoutSeconds=1",
      "?labelSelector=" + randomText(6) + "%20in%20(",
      "?labelSelector=env%3Dfuzz",
      "?fieldSelector=metadata.name%3D" + f.name(),
      "?fieldSelector=" + randomText(5) + "%3Dx",
      "?fieldValidation=" + randomText(5),
      "?limit=" + randomText(3) + "&continue=" + randomText(6),
    };
    String query = queries[random.nextInt(queries.length)];
    Request request =
        query.contains("fieldValidation")
            ? new Request("PUT", f.path() + query).body("application/json", f.body())
            : new Request("GET", f.collection() + query);
    return maybe(f, "query", request);
  }

  private Generated role(Fixture f) {
    String role = random.nextBoolean() ? "viewer" : null;
    String method = new String[] {"PUT", "PATCH", "DELETE", "POST"}[random.nextInt(4)];
    Request request =
        switch (method) {
          case "POST" -> new Request("POST", f.collection()).body("application/json", f.body());
          case "DELETE" -> new Request("DELETE", f.path());
          case "PATCH" ->
              new Request("PATCH", f.path())
                  .body(
                      "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
          default -> new Request("PUT", f.path()).body("application/json", f.body());
        };
    return new Generated(
        "role", f, role == null ? "nobody" : role, request, Set.of(401, 403), true);
  }

  private Generated largeHeaders(Fixture f) {
    Request request =
        new Request("GET", f.path()).header("X-Fuzz", "h".repeat(8 * 1024 + random.nextInt(4096)));
    return refused(f, "large headers", request, Set.of(431));
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** A write of a body to a fixture: POST to its collection, PUT or PATCH to it. */
  private Request write(Fixture f, String type, byte[] body) {
    return switch (random.nextInt(3)) {
      case 0 -> new Request("POST", f.collection()).body(type, body);
      case 1 -> new Request("PUT", f.path()).body(type, body);
      default -> new Request("PATCH", f.path()).body(patchType(type), body);
    };
  }

  private Request write(Fixture f, String type, String body) {
    return write(f, type, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A PATCH keeps the attack's media type when it is already one no patch takes. */
  private String patchType(String type) {
    if (type.equals("application/json")) {
      return random.nextBoolean() ? "application/merge-patch+json" : "application/json";
    }
    if (type.equals("application/yaml")) {
      return "application/apply-patch+yaml";
    }
    return type;
  }

  private static Generated refused(Fixture f, String attack, Request request, Set<Integer> codes) {
    return new Generated(attack, f, "admin", request, codes, true);
  }

  /** A request that may be valid: any 2xx, or a refusal a body can earn. */
  private static Generated maybe(Fixture f, String attack, Request request) {
    return new Generated(attack, f, "admin", request, BODY_REFUSALS, false);
  }

  private static ObjectNode tree(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode metadata(ObjectNode object) {
    return object.has("metadata") && object.get("metadata").isObject()
        ? (ObjectNode) object.get("metadata")
        : object.putObject("metadata");
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String bytesToString(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }

  private static void collectObjects(JsonNode node, List<ObjectNode> into) {
    if (node instanceof ObjectNode object) {
      into.add(object);
    }
    node.elements().forEachRemaining(child -> collectObjects(child, into));
  }

  /** Replaces one scalar somewhere in the tree. */
  private void replaceRandomLeaf(ObjectNode root, JsonNode replacement) {
    List<ObjectNode> parents = new ArrayList<>();
    collectObjects(root, parents);
    List<Object[]> leaves = new ArrayList<>();
    for (ObjectNode parent : parents) {
      Iterator<String> names = parent.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (parent.get(name).isValueNode()) {
          leaves.add(new Object[] {parent, name});
        }
      }
    }
    if (leaves.isEmpty()) {
      root.set("spec", replacement);
      return;
    }
    Object[] leaf = leaves.get(random.nextInt(leaves.size()));
    ((ObjectNode) leaf[0]).set((String) leaf[1], replacement);
  }

  private String randomValue(int depth) {
    return randomNode(depth).toString();
  }

  private JsonNode randomNode(int depth) {
    int choice = random.nextInt(depth <= 0 ? 6 : 8);
    return switch (choice) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextInt());
      case 3 -> NODES.numberNode(random.nextDouble() * 1e6);
      case 4 -> NODES.textNode(randomText(random.nextInt(20)));
      case 5 -> NODES.numberNode(random.nextLong());
      case 6 -> {
        ArrayNode array = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(randomNode(depth - 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          object.set(random.nextBoolean() ? randomText(6) : pickField(), randomNode(depth - 1));
        }
        yield object;
      }
    };
  }

  private String pickField() {
    String[] fields = {
      "apiVersion",
      "kind",
      "metadata",
      "spec",
      "status",
      "name",
      "labels",
      "hubAcceptsClient",
      "leaseDurationSeconds",
      "workload",
      "manifests",
      "placementRefs",
      "clusterSet",
      "taints"
    };
    return fields[random.nextInt(fields.length)];
  }

  private String randomKey() {
    String[] keys = {
      "bad key",
      "-x",
      "x-",
      "a/b/c",
      "/x",
      "example.com/",
      "ü",
      "k".repeat(64),
      "p".repeat(254) + "/k",
      "x!",
      "."
    };
    return keys[random.nextInt(keys.length)];
  }

  private String randomText(int length) {
    String alphabet = "abcXYZ019-_./ :!\"\\é☃\t";
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  private static String toYaml(String json) {
    try {
      return new YAMLMapper().writeValueAsString(JSON.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The object followed by spaces up to exactly {@code size} bytes: valid JSON of that size. */
  static byte[] padded(String object, int size) {
    byte[] bytes = new byte[size];
    byte[] head = object.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, bytes, 0, head.length);
    Arrays.fill(bytes, head.length, size, (byte) ' ');
    return bytes;
  }
}
