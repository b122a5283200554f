package io.fleetflow.model.wire;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the protobuf bodies kubectl sends for built-in kinds, which it never sends as JSON: {@code
 * kubectl create configmap}, {@code secret}, {@code namespace}, {@code serviceaccount} to a
 * simulated cluster, and {@code kubectl certificate approve|deny} (a PUT of the whole
 * CertificateSigningRequest to {@code /approval}) to the gateway. It reads Kubernetes' envelope
 * (the bytes {@code k8s\0}, then a {@code runtime.Unknown} with the type and the raw object) and
 * the fields of those kinds by their numbers in Kubernetes' {@code generated.proto} (k8s.io/api
 * v0.34). Other kinds are refused with a message that says what works instead; fields these kinds
 * do not list are skipped. A hand-written table, because no maintained Java library generates these
 * types for the protobuf runtime the project uses.
 */
public final class KubernetesProtobuf {
  /** The media type of such bodies. */
  public static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

  private static final byte[] MAGIC = {'k', '8', 's', 0};

  /** A kind this reader does not know. */
  public static final class Unsupported extends Exception {
    Unsupported(String message) {
      super(message);
    }
  }

  /** How a field is encoded and what it is called in JSON. */
  private record Field(String name, Type type, Map<Integer, Field> message) {
    Field(String name, Type type) {
      this(name, type, null);
    }
  }

  private enum Type {
    STRING,
    BOOL,
    INT,
    BYTES,
    TIME,
    MESSAGE_LIST,
    STRING_MAP,
    BYTES_MAP,
    STRING_LIST,
    MESSAGE
  }

  private static final Map<Integer, Field> OBJECT_META =
      Map.of(
          1, new Field("name", Type.STRING),
          2, new Field("generateName", Type.STRING),
          3, new Field("namespace", Type.STRING),
          5, new Field("uid", Type.STRING),
          6, new Field("resourceVersion", Type.STRING),
          7, new Field("generation", Type.INT),
          8, new Field("creationTimestamp", Type.TIME),
          11, new Field("labels", Type.STRING_MAP),
          12, new Field("annotations", Type.STRING_MAP),
          14, new Field("finalizers", Type.STRING_LIST));

  private static final Field METADATA = new Field("metadata", Type.MESSAGE, OBJECT_META);

  /** RBAC's PolicyRule list (rbac.authorization.k8s.io/v1 generated.proto). */
  private static final Field RULES =
      new Field(
          "rules",
          Type.MESSAGE_LIST,
          Map.of(
              1, new Field("verbs", Type.STRING_LIST),
              2, new Field("apiGroups", Type.STRING_LIST),
              3, new Field("resources", Type.STRING_LIST),
              4, new Field("resourceNames", Type.STRING_LIST),
              5, new Field("nonResourceURLs", Type.STRING_LIST)));

  /** A RoleBinding's or ClusterRoleBinding's fields: subjects and roleRef. */
  private static final Map<Integer, Field> BINDING =
      Map.of(
          1,
          METADATA,
          2,
          new Field(
              "subjects",
              Type.MESSAGE_LIST,
              Map.of(
                  1, new Field("kind", Type.STRING),
                  2, new Field("apiGroup", Type.STRING),
                  3, new Field("name", Type.STRING),
                  4, new Field("namespace", Type.STRING))),
          3,
          new Field(
              "roleRef",
              Type.MESSAGE,
              Map.of(
                  1, new Field("apiGroup", Type.STRING),
                  2, new Field("kind", Type.STRING),
                  3, new Field("name", Type.STRING))));

  private static final Map<String, Map<Integer, Field>> RBAC_KINDS =
      Map.of(
          "rbac.authorization.k8s.io/v1/Role",
          Map.of(1, METADATA, 2, RULES),
          "rbac.authorization.k8s.io/v1/ClusterRole",
          Map.of(1, METADATA, 2, RULES),
          "rbac.authorization.k8s.io/v1/RoleBinding",
          BINDING,
          "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
          BINDING);

  /** What {@code kubectl auth can-i} sends (authorization.k8s.io/v1 generated.proto). */
  private static final Map<String, Map<Integer, Field>> REVIEW_KINDS =
      Map.of(
          "authorization.k8s.io/v1/SelfSubjectAccessReview",
          Map.of(
              1,
              METADATA,
              2,
              new Field(
                  "spec",
                  Type.MESSAGE,
                  Map.of(
                      1,
                      new Field(
                          "resourceAttributes",
                          Type.MESSAGE,
                          Map.of(
                              1, new Field("namespace", Type.STRING),
                              2, new Field("verb", Type.STRING),
                              3, new Field("group", Type.STRING),
                              4, new Field("version", Type.STRING),
                              5, new Field("resource", Type.STRING),
                              6, new Field("subresource", Type.STRING),
                              7, new Field("name", Type.STRING))),
                      2,
                      new Field(
                          "nonResourceAttributes",
                          Type.MESSAGE,
                          Map.of(
                              1, new Field("path", Type.STRING),
                              2, new Field("verb", Type.STRING)))))),
          "authorization.k8s.io/v1/SelfSubjectRulesReview",
          Map.of(
              1,
              METADATA,
              2,
              new Field("spec", Type.MESSAGE, Map.of(1, new Field("namespace", Type.STRING)))));

  private static final Map<String, Map<Integer, Field>> CORE_KINDS =
      Map.of(
          "v1/ConfigMap",
          Map.of(
              1, METADATA,
              2, new Field("data", Type.STRING_MAP),
              3, new Field("binaryData", Type.BYTES_MAP),
              4, new Field("immutable", Type.BOOL)),
          "v1/Secret",
          Map.of(
              1, METADATA,
              2, new Field("data", Type.BYTES_MAP),
              3, new Field("type", Type.STRING),
              4, new Field("stringData", Type.STRING_MAP),
              5, new Field("immutable", Type.BOOL)),
          "v1/Namespace",
          Map.of(
              1,
              METADATA,
              2,
              new Field(
                  "spec", Type.MESSAGE, Map.of(1, new Field("finalizers", Type.STRING_LIST)))),
          "v1/ServiceAccount",
          Map.of(1, METADATA, 4, new Field("automountServiceAccountToken", Type.BOOL)),
          "certificates.k8s.io/v1/CertificateSigningRequest",
          Map.of(
              1,
              METADATA,
              2,
              new Field(
                  "spec",
                  Type.MESSAGE,
                  Map.of(
                      1, new Field("request", Type.BYTES),
                      2, new Field("username", Type.STRING),
                      3, new Field("uid", Type.STRING),
                      4, new Field("groups", Type.STRING_LIST),
                      5, new Field("usages", Type.STRING_LIST),
                      7, new Field("signerName", Type.STRING),
                      8, new Field("expirationSeconds", Type.INT))),
              3,
              new Field(
                  "status",
                  Type.MESSAGE,
                  Map.of(
                      1,
                      new Field(
                          "conditions",
                          Type.MESSAGE_LIST,
                          Map.of(
                              1, new Field("type", Type.STRING),
                              2, new Field("reason", Type.STRING),
                              3, new Field("message", Type.STRING),
                              4, new Field("lastUpdateTime", Type.TIME),
                              5, new Field("lastTransitionTime", Type.TIME),
                              6, new Field("status", Type.STRING))),
                      2,
                      new Field("certificate", Type.BYTES)))));

  private static final Map<String, Map<Integer, Field>> KINDS =
      merged(CORE_KINDS, RBAC_KINDS, REVIEW_KINDS);

  /** The kinds this reader knows, for the message that refuses the others. */
  private static final String READABLE =
      "ConfigMaps, Secrets, Namespaces, ServiceAccounts, CertificateSigningRequests, RBAC objects"
          + " and access reviews";

  @SafeVarargs
  private static Map<String, Map<Integer, Field>> merged(
      Map<String, Map<Integer, Field>>... parts) {
    Map<String, Map<Integer, Field>> all = new java.util.HashMap<>();
    for (Map<String, Map<Integer, Field>> part : parts) {
      all.putAll(part);
    }
    return Map.copyOf(all);
  }

  private KubernetesProtobuf() {}

  /** Whether protobuf bodies of this kind are read (the built-in kinds kubectl sends that way). */
  public static boolean reads(String apiVersion, String kind) {
    return KINDS.containsKey(apiVersion + "/" + kind);
  }

  /** The kinds whose protobuf bodies are read, in words, for a refusal of another kind's. */
  public static String readable() {
    return READABLE;
  }

  /**
   * Returns the object a protobuf body holds, as the JSON the API would have received.
   *
   * @throws IOException when the body is not a Kubernetes protobuf body or is cut short
   * @throws Unsupported when it holds a kind this reader does not know
   */
  public static Map<String, Object> decode(byte[] body) throws IOException, Unsupported {
    if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
      throw new IOException("not a Kubernetes protobuf body (it does not start with k8s\\0)");
    }
    CodedInputStream envelope =
        CodedInputStream.newInstance(body, MAGIC.length, body.length - MAGIC.length);
    String apiVersion = "";
    String kind = "";
    byte[] raw = new byte[0];
    for (int tag = envelope.readTag(); tag != 0; tag = envelope.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> {
          CodedInputStream typeMeta = CodedInputStream.newInstance(envelope.readByteArray());
          for (int t = typeMeta.readTag(); t != 0; t = typeMeta.readTag()) {
            switch (WireFormat.getTagFieldNumber(t)) {
              case 1 -> apiVersion = typeMeta.readString();
              case 2 -> kind = typeMeta.readString();
              default -> typeMeta.skipField(t);
            }
          }
        }
        case 2 -> raw = envelope.readByteArray();
        default -> envelope.skipField(tag);
      }
    }
    Map<Integer, Field> fields = KINDS.get(apiVersion + "/" + kind);
    if (fields == null) {
      throw new Unsupported(
          "protobuf bodies are read for "
              + READABLE
              + " only, not "
              + kind
              + " ("
              + apiVersion
              + "): send it as YAML or JSON, for example kubectl create ... --dry-run=client -o"
              + " yaml | kubectl apply -f -");
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.putAll(message(CodedInputStream.newInstance(raw), fields));
    return object;
  }

  private static Map<String, Object> message(CodedInputStream in, Map<Integer, Field> fields)
      throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      Field field = fields.get(WireFormat.getTagFieldNumber(tag));
      if (field == null) {
        in.skipField(tag);
        continue;
      }
      switch (field.type()) {
        case STRING -> out.put(field.name(), in.readString());
        case BOOL -> out.put(field.name(), in.readBool());
        case INT -> out.put(field.name(), in.readInt64());
        case BYTES -> out.put(field.name(), Base64.getEncoder().encodeToString(in.readByteArray()));
        case TIME -> out.put(field.name(), time(in.readByteArray()));
        case MESSAGE_LIST ->
            list(out, field)
                .add(message(CodedInputStream.newInstance(in.readByteArray()), field.message()));
        case STRING_LIST -> list(out, field).add(in.readString());
        case STRING_MAP, BYTES_MAP -> {
          Object[] entry = mapEntry(in.readByteArray(), field.type() == Type.BYTES_MAP);
          map(out, field).put((String) entry[0], entry[1]);
        }
        case MESSAGE ->
            out.put(
                field.name(),
                message(CodedInputStream.newInstance(in.readByteArray()), field.message()));
      }
    }
    return out;
  }

  /** A {@code metav1.Time} (seconds 1, nanos 2) as JSON carries it: RFC 3339 in seconds. */
  private static String time(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    long seconds = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 1) {
        seconds = in.readInt64();
      } else {
        in.skipField(tag);
      }
    }
    return java.time.Instant.ofEpochSecond(seconds).toString();
  }

  /** A map entry: key 1, value 2; bytes values become base64, as JSON carries them. */
  private static Object[] mapEntry(byte[] bytes, boolean bytesValue) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    String key = "";
    Object value = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> key = in.readString();
        case 2 ->
            value =
                bytesValue
                    ? Base64.getEncoder().encodeToString(in.readByteArray())
                    : in.readString();
        default -> in.skipField(tag);
      }
    }
    return new Object[] {key, value};
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> out, Field field) {
    return (List<Object>) out.computeIfAbsent(field.name(), k -> new ArrayList<>());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> out, Field field) {
    return (Map<String, Object>) out.computeIfAbsent(field.name(), k -> new LinkedHashMap<>());
  }
}
