package io.fleetflow.model.work;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.Names;
import io.fleetflow.model.validation.ObjectValidator;
import io.fleetflow.model.work.ManifestWorkSpec.DeleteOption;
import io.fleetflow.model.work.ManifestWorkSpec.ManifestConfigOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** OCM's admission rules for ManifestWork, as its webhook enforces them. */
public class ManifestWorkValidator implements ObjectValidator<ManifestWork> {
  /** OCM's default limit on the total size of a work's manifests. */
  public static final int MANIFEST_LIMIT_BYTES = 500 * 1024;

  private static final List<String> PROPAGATION_POLICIES =
      List.of(DeleteOption.FOREGROUND, DeleteOption.ORPHAN, DeleteOption.SELECTIVELY_ORPHAN);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public List<FieldError> validateCreate(ManifestWork work) {
    List<FieldError> errors = new ArrayList<>();
    String name = work.getMetadata() == null ? null : work.getMetadata().getName();
    String namespace = work.getMetadata() == null ? null : work.getMetadata().getNamespace();
    errors.addAll(Names.checkSubdomain("metadata.name", name));
    if (namespace == null || namespace.isEmpty()) {
      errors.add(
          FieldError.required(
              "metadata.namespace",
              "a ManifestWork lives in the namespace named after its cluster: set"
                  + " metadata.namespace to the ManagedCluster's name"));
    } else {
      errors.addAll(Names.checkLabel("metadata.namespace", namespace));
    }
    ManifestWorkSpec spec = work.getSpec();
    List<GenericKubernetesResource> manifests =
        spec == null || spec.getWorkload() == null ? null : spec.getWorkload().manifests();
    if (manifests == null || manifests.isEmpty()) {
      errors.add(
          FieldError.required(
              "spec.workload.manifests", "a ManifestWork needs at least one manifest"));
      return errors;
    }
    errors.addAll(checkManifests(manifests));
    errors.addAll(checkDeleteOption(spec.getDeleteOption()));
    errors.addAll(checkManifestConfigs(spec.getManifestConfigs()));
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(ManifestWork current, ManifestWork proposed) {
    List<FieldError> errors = new ArrayList<>(validateCreate(proposed));
    if (!Objects.equals(current.getMetadata().getName(), proposed.getMetadata().getName())
        || !Objects.equals(
            current.getMetadata().getNamespace(), proposed.getMetadata().getNamespace())) {
      errors.add(
          FieldError.forbidden("metadata", "the name and namespace of an object cannot change"));
    }
    return errors;
  }

  private static List<FieldError> checkManifests(List<GenericKubernetesResource> manifests) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long totalBytes = 0;
    for (int i = 0; i < manifests.size(); i++) {
      GenericKubernetesResource m = manifests.get(i);
      String field = "spec.workload.manifests[" + i + "]";
      if (m == null) {
        errors.add(FieldError.required(field, "a manifest may not be empty"));
        continue;
      }
      if (m.getApiVersion() == null || m.getApiVersion().isBlank()) {
        errors.add(FieldError.required(field + ".apiVersion", "every manifest needs apiVersion"));
      }
      if (m.getKind() == null || m.getKind().isBlank()) {
        errors.add(FieldError.required(field + ".kind", "every manifest needs kind"));
      }
      String manifestName = m.getMetadata() == null ? null : m.getMetadata().getName();
      if (m.getMetadata() != null && m.getMetadata().getGenerateName() != null) {
        errors.add(
            FieldError.forbidden(
                field + ".metadata.generateName",
                "generateName is not allowed in a ManifestWork: set metadata.name so the work"
                    + " can track the object"));
      }
      if (manifestName == null || manifestName.isBlank()) {
        errors.add(FieldError.required(field + ".metadata.name", "every manifest needs a name"));
      }
      String key =
          m.getApiVersion()
              + "/"
              + m.getKind()
              + "/"
              + (m.getMetadata() == null ? "" : m.getMetadata().getNamespace())
              + "/"
              + manifestName;
      if (!seen.add(key)) {
        errors.add(
            FieldError.duplicate(
                field, "the same object (" + key + ") appears twice in the work; keep one"));
      }
      totalBytes += sizeOf(m);
    }
    if (totalBytes > MANIFEST_LIMIT_BYTES) {
      errors.add(
          FieldError.tooLong(
              "spec.workload.manifests",
              "the manifests take "
                  + totalBytes
                  + " bytes, more than the limit of "
                  + MANIFEST_LIMIT_BYTES
                  + " bytes (500 KiB): split them across several ManifestWorks"));
    }
    return errors;
  }

  private static List<FieldError> checkDeleteOption(DeleteOption option) {
    if (option == null || option.propagationPolicy() == null) {
      return List.of();
    }
    if (!PROPAGATION_POLICIES.contains(option.propagationPolicy())) {
      return List.of(
          FieldError.notSupported(
              "spec.deleteOption.propagationPolicy",
              option.propagationPolicy(),
              PROPAGATION_POLICIES));
    }
    return List.of();
  }

  private static List<FieldError> checkManifestConfigs(List<ManifestConfigOption> configs) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; configs != null && i < configs.size(); i++) {
      ManifestConfigOption config = configs.get(i);
      String field = "spec.manifestConfigs[" + i + "]";
      if (config == null) {
        errors.add(FieldError.required(field, "a manifest config may not be empty"));
        continue;
      }
      if (config.resourceIdentifier() == null
          || config.resourceIdentifier().resource() == null
          || config.resourceIdentifier().name() == null) {
        errors.add(
            FieldError.required(
                field + ".resourceIdentifier",
                "a manifest config needs resourceIdentifier.resource and .name"));
      }
      if (config.updateStrategy() != null
          && (config.updateStrategy().type() == null
              || !ManifestWorkSpec.UpdateStrategy.TYPES.contains(config.updateStrategy().type()))) {
        errors.add(
            FieldError.notSupported(
                field + ".updateStrategy.type",
                config.updateStrategy().type(),
                ManifestWorkSpec.UpdateStrategy.TYPES));
      }
    }
    return errors;
  }

  private static long sizeOf(GenericKubernetesResource manifest) {
    try {
      return JSON.writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a manifest could not be serialized", e);
    }
  }
}
