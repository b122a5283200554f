package io.fleetflow.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape in Prometheus' text format, read the way Prometheus reads it: one sample per line,
 * {@code name{labels} value}, comments and HELP/TYPE lines aside.
 */
public final class PrometheusText {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String text;
  private final Map<String, Double> samples = new LinkedHashMap<>();

  public PrometheusText(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.find()) {
        String labels = m.group(2) == null ? "" : m.group(2);
        samples.put(m.group(1) + labels, parse(m.group(3)));
      }
    }
  }

  /** Scrapes a plain-HTTP management endpoint, such as {@code /actuator/prometheus}. */
  public static PrometheusText scrape(int port, String path) {
    HttpResponse<String> response = get(port, path);
    if (response.statusCode() != 200) {
      throw new AssertionError(path + " on port " + port + " answered " + response.statusCode());
    }
    return new PrometheusText(response.body());
  }

  /** A GET on 127.0.0.1 over plain HTTP. */
  public static HttpResponse<String> get(int port, String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The names of every metric with at least one sample. */
  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.keySet().forEach(key -> names.add(key.replaceFirst("\\{.*$", "")));
    return names;
  }

  /**
   * The value of the sample of a metric whose labels contain every given {@code label="value"} pair
   * (for example {@code phase="Unknown"}); empty when none has.
   */
  public OptionalDouble value(String name, String... labels) {
    return samples.entrySet().stream()
        .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
        .filter(
            e -> {
              for (String label : labels) {
                if (!e.getKey().contains(label)) {
                  return false;
                }
              }
              return true;
            })
        .mapToDouble(Map.Entry::getValue)
        .findFirst();
  }

  @Override
  public String toString() {
    return text;
  }

  private static double parse(String value) {
    return switch (value) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(value);
    };
  }
}
