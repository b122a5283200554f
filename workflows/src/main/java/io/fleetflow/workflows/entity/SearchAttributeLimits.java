package io.fleetflow.workflows.entity;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every search attribute value within Temporal's limits, whatever input it comes from. The
 * server fails the workflow task (and with it, in some versions, the workflow) that upserts a value
 * whose JSON passes {@code limit.searchAttributesSizeOfValue} (2 KiB by default) or attributes that
 * together pass {@code limit.searchAttributesTotalSize} (40 KiB), so a cluster's labels, which
 * Kubernetes limits only by the object's size, must never reach it whole.
 *
 * <p>A keyword list keeps the elements that fit, in the order given, and ends with {@link
 * #TRUNCATED}, so readers of the attribute know that it is incomplete and read the object itself. A
 * keyword or text value is cut and ends with "...". Values within the limit are returned as they
 * are, so publishing them changes nothing in a workflow's history. Pure and deterministic.
 */
public final class SearchAttributeLimits {
  /** Temporal's default limit on one value: bytes of its JSON encoding. */
  public static final int MAX_VALUE_BYTES = 2 * 1024;

  /** Temporal's default limit on all of a workflow's search attributes together. */
  public static final int MAX_TOTAL_BYTES = 40 * 1024;

  /**
   * What one attribute adds to the total beside its value: its name and the payload's metadata
   * ({@code encoding: json/plain}, {@code type: KeywordList}) with their protobuf framing.
   */
  public static final int ATTRIBUTE_OVERHEAD_BYTES = 128;

  /**
   * The last element of a keyword list that left elements out. It has no '=', so no {@code
   * key=value} query matches it by accident.
   */
  public static final String TRUNCATED = "fleetflow.io/truncated";

  private static final String CUT = "...";

  private SearchAttributeLimits() {}

  /** Returns {@code value}, or as much of it as fits in {@link #MAX_VALUE_BYTES}. */
  @SuppressWarnings("unchecked")
  public static <T> T bound(SearchAttributeKey<T> key, T value) {
    if (value == null) {
      return null;
    }
    IndexedValueType type = key.getValueType();
    if (type == IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST) {
      return (T) boundList((List<String>) value);
    }
    if (type == IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
        || type == IndexedValueType.INDEXED_VALUE_TYPE_TEXT) {
      return (T) boundString((String) value);
    }
    return value;
  }

  /** Returns the bytes of a value's JSON, as Temporal's SDK encodes and its server measures it. */
  public static int valueBytes(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow().getData().size();
  }

  static List<String> boundList(List<String> values) {
    // Each element costs its quoted JSON and a comma; the array adds "[" and "]" and has one comma
    // fewer than elements. Counted without encoding the whole list, which may hold thousands.
    long bytes = 1;
    for (String element : values) {
      bytes += jsonBytes(element) + 1;
    }
    if (bytes <= MAX_VALUE_BYTES) {
      return values;
    }
    // Room for the brackets, the marker and the comma before it.
    long budget = MAX_VALUE_BYTES - 2 - jsonBytes(TRUNCATED) - 1;
    List<String> kept = new ArrayList<>();
    for (String element : values) {
      int cost = jsonBytes(element) + 1;
      if (cost <= budget) {
        kept.add(element);
        budget -= cost;
      }
    }
    kept.add(TRUNCATED);
    return kept;
  }

  /**
   * The bytes of a string as Temporal's SDK writes it in JSON: quotes, escapes ({@code \"}, {@code
   * \\}, control characters as {@code \n} or {@code \}{@code u0001}) and UTF-8, except that Jackson
   * writes each half of a surrogate pair (an emoji, say) as a six-byte escape.
   */
  static int jsonBytes(String value) {
    if (value == null) {
      return 4;
    }
    int bytes = 2;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f') {
        bytes += 2;
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        bytes += 6;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  static String boundString(String value) {
    if (valueBytes(value) <= MAX_VALUE_BYTES) {
      return value;
    }
    // The longest prefix, in whole code points, that fits with the marker: a binary search, since
    // characters take one to four bytes and escapes up to six.
    int fits = 0;
    int tooMany = value.codePointCount(0, value.length());
    while (tooMany - fits > 1) {
      int middle = (fits + tooMany) >>> 1;
      if (valueBytes(prefix(value, middle) + CUT) <= MAX_VALUE_BYTES) {
        fits = middle;
      } else {
        tooMany = middle;
      }
    }
    return prefix(value, fits) + CUT;
  }

  private static String prefix(String value, int codePoints) {
    return value.substring(0, value.offsetByCodePoints(0, codePoints));
  }
}
