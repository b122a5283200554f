package io.fleetflow.cli.connect;

import io.fabric8.kubernetes.client.Config;

/**
 * Where and as whom a command talks to the hub: a fabric8 client configuration, and the namespace
 * namespaced commands use when none is named.
 *
 * @param config the fabric8 configuration: server, credentials, trust, timeouts
 * @param namespace the namespace to use
 */
public record Connection(Config config, String namespace) {
  /** The API server's URL, as error messages name it. */
  public String server() {
    String url = config.getMasterUrl();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
