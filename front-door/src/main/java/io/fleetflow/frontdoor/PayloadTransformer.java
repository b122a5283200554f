package io.fleetflow.frontdoor;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Applies a function to every payload of a Temporal API message, wherever it is nested (inputs,
 * results, heartbeat details, failure details, memos), as Temporal's own codec proxies do. Search
 * attributes are left alone, since the server reads them, and so are headers, which Temporal's SDKs
 * do not encode either.
 */
public final class PayloadTransformer {
  private static final Set<String> SKIPPED =
      Set.of(SearchAttributes.getDescriptor().getFullName(), Header.getDescriptor().getFullName());
  private static final String PAYLOAD = Payload.getDescriptor().getFullName();
  private static final Map<Descriptor, Boolean> HOLDS_PAYLOADS = new ConcurrentHashMap<>();

  private PayloadTransformer() {}

  /** The message with {@code function} applied to each of its payloads. */
  @SuppressWarnings("unchecked")
  public static <M extends Message> M transform(M message, UnaryOperator<Payload> function) {
    if (!holdsPayloads(message.getDescriptorForType())) {
      return message;
    }
    return (M) walk(message, function);
  }

  private static Message walk(Message message, UnaryOperator<Payload> function) {
    if (message instanceof Payload payload) {
      return function.apply(payload);
    }
    Message.Builder builder = null;
    for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
      FieldDescriptor field = entry.getKey();
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE
          || !holdsPayloads(field.getMessageType())) {
        continue;
      }
      if (builder == null) {
        builder = message.toBuilder();
      }
      if (field.isRepeated()) {
        List<?> values = (List<?>) entry.getValue();
        for (int i = 0; i < values.size(); i++) {
          builder.setRepeatedField(field, i, walk((Message) values.get(i), function));
        }
      } else {
        builder.setField(field, walk((Message) entry.getValue(), function));
      }
    }
    return builder == null ? message : builder.build();
  }

  /** Whether messages of a type can hold a payload that is not a search attribute or header. */
  private static boolean holdsPayloads(Descriptor type) {
    return HOLDS_PAYLOADS.computeIfAbsent(type, t -> reachesPayload(t, new java.util.HashSet<>()));
  }

  /** Whether a payload can be reached from a type, each type looked at once (types recurse). */
  private static boolean reachesPayload(Descriptor type, Set<String> seen) {
    if (type.getFullName().equals(PAYLOAD)) {
      return true;
    }
    if (SKIPPED.contains(type.getFullName()) || !seen.add(type.getFullName())) {
      return false;
    }
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && reachesPayload(field.getMessageType(), seen)) {
        return true;
      }
    }
    return false;
  }
}
