package io.fleetflow.e2e.bench;

import java.util.List;

/** Median and 99th percentile of a sample. */
record Stats(double median, double p99) {
  static Stats of(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return new Stats(
        sorted.get(sorted.size() / 2),
        sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)));
  }
}
