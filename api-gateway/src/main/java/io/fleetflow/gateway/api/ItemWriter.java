package io.fleetflow.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the items of a list, a table or a watch one at a time, before the response starts, so an
 * object that cannot be written as JSON (one stored before the nesting limit, say) is left out and
 * reported, instead of cutting the whole response short after its first bytes were sent. Every
 * left-out object is logged with the reason and named in a {@code Warning} of the response.
 */
@Component
public class ItemWriter {
  private static final Logger log = LoggerFactory.getLogger(ItemWriter.class);
  private final ObjectMapper json;

  public ItemWriter(ObjectMapper json) {
    this.json = json;
  }

  /**
   * The items that could be written, as raw JSON to embed in the response, and a warning for each
   * that could not.
   */
  public record Written(List<RawValue> items, List<String> warnings) {}

  /** Writes each item on its own; see the class. */
  public Written writeEach(List<?> items) {
    List<RawValue> written = new ArrayList<>(items.size());
    List<String> warnings = new ArrayList<>();
    for (Object item : items) {
      try {
        written.add(new RawValue(new String(json.writeValueAsBytes(item), StandardCharsets.UTF_8)));
      } catch (JsonProcessingException | RuntimeException e) {
        String what = describe(item);
        log.error("{} cannot be written as JSON and is left out of the response", what, e);
        warnings.add(what + " is left out: it cannot be written as JSON (" + e.getMessage() + ")");
      }
    }
    return new Written(written, warnings);
  }

  /**
   * Writes one object, or refuses with a 500 Status that names it and says why, rather than sending
   * a 200 whose body breaks off.
   */
  public RawValue writeOne(Object item) {
    Written written = writeEach(List.of(item));
    if (written.items().isEmpty()) {
      throw new ApiException(
          500, "InternalError", written.warnings().get(0) + "; replace or delete it", null, null);
    }
    return written.items().get(0);
  }

  /** Names an item for a message: kind and namespace/name of an object or of a table row's. */
  static String describe(Object item) {
    Object object =
        item instanceof Map<?, ?> row && row.get("object") != null ? row.get("object") : item;
    if (object instanceof HasMetadata o && o.getMetadata() != null) {
      String namespace = o.getMetadata().getNamespace();
      return o.getKind()
          + " "
          + (namespace == null ? "" : namespace + "/")
          + o.getMetadata().getName();
    }
    return "an item";
  }
}
