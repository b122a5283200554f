package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which works own an object on the cluster, recorded on the object itself, as OCM records it with
 * ownerReferences to each work's AppliedManifestWork. The record lives on the cluster, so it
 * survives restarts of the agent, and it needs no custom resource definition.
 *
 * <p>An object that two works apply carries both names; a work that lets go of it (it left the
 * work's spec, the work was deleted or orphans it) only removes its own name, and the object is
 * deleted only when the last owner lets go. Every object the agent writes also carries {@link
 * #APPLIED_LABEL}, so the agent can watch just the objects it applied.
 */
public final class WorkOwnership {
  /**
   * The works (names in the cluster's namespace on the hub) that own an object, comma-separated.
   */
  public static final String OWNERS_ANNOTATION = "fleetflow.io/owner-works";

  /**
   * The workflows that hold works owning the object, for works not held by their own ManifestWork
   * workflow: {@code work=holder} pairs, comma-separated. The cluster keeps them, so an agent that
   * restarts knows whom to tell of a change before any work applied again.
   */
  public static final String HOLDERS_ANNOTATION = "fleetflow.io/work-holders";

  /** The label on every object the agent applied for some work. */
  public static final String APPLIED_LABEL = "fleetflow.io/applied-by";

  /** The value of {@link #APPLIED_LABEL}. */
  public static final String APPLIED_BY = "work-agent";

  private WorkOwnership() {}

  /** Returns the works that own the object, in name order; empty when none is recorded. */
  public static List<String> owners(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(OWNERS_ANNOTATION);
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return List.copyOf(new TreeSet<>(Arrays.asList(value.split(","))));
  }

  /**
   * Returns the workflow that holds each owning work, for the works held by another workflow than
   * their own ManifestWork workflow; empty when none is.
   */
  public static Map<String, String> holders(HasMetadata object) {
    String value = annotation(object, HOLDERS_ANNOTATION);
    if (value == null || value.isBlank()) {
      return Map.of();
    }
    Map<String, String> holders = new TreeMap<>();
    for (String pair : value.split(",")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        holders.put(pair.substring(0, equals), pair.substring(equals + 1));
      }
    }
    return holders;
  }

  private static void setHolders(ObjectMeta meta, Map<String, String> holders) {
    if (holders.isEmpty()) {
      if (meta.getAnnotations() != null) {
        meta.getAnnotations().remove(HOLDERS_ANNOTATION);
      }
      return;
    }
    meta.setAnnotations(copy(meta.getAnnotations()));
    meta.getAnnotations()
        .put(
            HOLDERS_ANNOTATION,
            String.join(
                ",",
                holders.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
  }

  /**
   * Returns true when the work owns the object: it is among the recorded owners, or no owners are
   * recorded but an agent wrote the object (it carries a manifest hash), as before owners were
   * recorded. An object no agent wrote, such as one a ReadOnly manifest only watches, is nobody's.
   */
  public static boolean isOwnedBy(HasMetadata object, String work) {
    List<String> owners = owners(object);
    return owners.contains(work)
        || owners.isEmpty() && annotation(object, Desired.HASH_ANNOTATION) != null;
  }

  /**
   * Marks a manifest about to be written for a work as owned by it and by the works that already
   * own the object on the cluster.
   *
   * @param desired the manifest to write
   * @param existing the object on the cluster, or null when there is none
   * @param work the work's name
   */
  static void claim(HasMetadata desired, HasMetadata existing, WorkOwner work) {
    TreeSet<String> owners = new TreeSet<>(existing == null ? List.of() : owners(existing));
    owners.add(work.name());
    ObjectMeta meta = desired.getMetadata();
    meta.setAnnotations(copy(meta.getAnnotations()));
    meta.getAnnotations().put(OWNERS_ANNOTATION, String.join(",", owners));
    TreeMap<String, String> holders =
        new TreeMap<>(existing == null ? Map.of() : holders(existing));
    if (work.holder() == null) {
      holders.remove(work.name());
    } else {
      holders.put(work.name(), work.holder());
    }
    setHolders(meta, holders);
    meta.setLabels(copy(meta.getLabels()));
    meta.getLabels().put(APPLIED_LABEL, APPLIED_BY);
  }

  /**
   * Removes a work from the object's owners; with the last owner gone the object is no longer
   * marked as applied, since no work will correct or delete it any more.
   *
   * @return the owners that remain
   */
  static List<String> release(HasMetadata object, String work) {
    TreeSet<String> owners = new TreeSet<>(owners(object));
    owners.remove(work);
    ObjectMeta meta = object.getMetadata();
    TreeMap<String, String> holders = new TreeMap<>(holders(object));
    holders.remove(work);
    setHolders(meta, holders);
    if (owners.isEmpty()) {
      if (meta.getAnnotations() != null) {
        meta.getAnnotations().remove(OWNERS_ANNOTATION);
      }
      if (meta.getLabels() != null) {
        meta.getLabels().remove(APPLIED_LABEL);
      }
    } else {
      meta.getAnnotations().put(OWNERS_ANNOTATION, String.join(",", owners));
    }
    return List.copyOf(owners);
  }

  /**
   * Returns true when the change from {@code before} to {@code after} is the agent's own write:
   * only the agent stamps the manifest hash and the owners, so a new hash is the write of a new
   * manifest and new owners are a work taking or letting go of the object, while a change made on
   * the cluster by anyone else keeps both as the agent wrote them.
   */
  public static boolean isAgentWrite(HasMetadata before, HasMetadata after) {
    String written = annotation(after, Desired.HASH_ANNOTATION);
    return written != null && !written.equals(annotation(before, Desired.HASH_ANNOTATION))
        || !Objects.equals(
            annotation(before, OWNERS_ANNOTATION), annotation(after, OWNERS_ANNOTATION))
        || !Objects.equals(
            annotation(before, HOLDERS_ANNOTATION), annotation(after, HOLDERS_ANNOTATION));
  }

  private static String annotation(HasMetadata object, String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? new LinkedHashMap<>() : new HashMap<>(map);
  }
}
