package io.fleetflow.model.patch;

import java.util.Arrays;
import java.util.Optional;

/**
 * The patch types a Kubernetes API server accepts, by their content types. OCM's kinds declare no
 * merge keys, so a strategic merge patch means what a JSON merge patch means; a server-side apply
 * is served as a merge patch of the applied fields (Fleetflow keeps no managedFields, so it neither
 * detects conflicts between field managers nor removes fields a manager stopped applying).
 */
public enum PatchType {
  /** RFC 7386: objects merge, null removes, anything else replaces. */
  MERGE("application/merge-patch+json"),
  /** Kubernetes' strategic merge patch, which for OCM's kinds is a merge patch. */
  STRATEGIC_MERGE("application/strategic-merge-patch+json"),
  /** RFC 6902: a list of add, remove, replace, move, copy and test operations. */
  JSON("application/json-patch+json"),
  /** Server-side apply, served as a merge patch; creates the object when it does not exist. */
  APPLY("application/apply-patch+yaml");

  private final String contentType;

  PatchType(String contentType) {
    this.contentType = contentType;
  }

  /** The media type that names this patch type. */
  public String contentType() {
    return contentType;
  }

  /** Finds the patch type of a request's Content-Type, parameters ignored. */
  public static Optional<PatchType> ofContentType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String media = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return Arrays.stream(values())
        .filter(
            t ->
                t.contentType.equals(media)
                    || (t == APPLY && media.equals("application/apply-patch+json")))
        .findFirst();
  }
}
