package io.fleetflow.model.addon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OCM's {@code ConfigSpecHash}: a config object and the hash of its spec at some moment, so status
 * can say which content of a config is desired, applied, or last known good.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConfigSpecHash(String namespace, String name, String specHash) {}
