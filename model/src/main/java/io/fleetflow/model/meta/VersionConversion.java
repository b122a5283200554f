package io.fleetflow.model.meta;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one kind converts between the version it is stored at and another version it is served at, on
 * the object's JSON tree, as a Kubernetes conversion webhook converts unstructured objects. Both
 * directions set {@code apiVersion}; everything else of the object (metadata included) passes as it
 * is unless the versions name it differently. Implementations are pure.
 */
public interface VersionConversion {
  /** Converts a stored object to the served version; may change and return {@code stored}. */
  ObjectNode toServed(ObjectNode stored);

  /** Converts an object sent at the served version to the stored one; may change its argument. */
  ObjectNode toStored(ObjectNode served);

  /**
   * A version a kind is served at besides its own.
   *
   * @param version the version, such as {@code v1beta1}
   * @param conversion how objects convert to and from it
   */
  record Served(String version, VersionConversion conversion) {}
}
