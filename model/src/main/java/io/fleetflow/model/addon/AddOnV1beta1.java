package io.fleetflow.model.addon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.VersionConversion;

/**
 * OCM's {@code addon.open-cluster-management.io/v1beta1} of ClusterManagementAddOn and
 * ManagedClusterAddOn, converted to and from {@code v1alpha1} (the version Fleetflow stores) as
 * OCM's conversion webhook does (enhancement 158): {@code spec.supportedConfigs} is {@code
 * spec.defaultConfigs} (a supported config without a default carries the reserved name {@value
 * #NO_DEFAULT}); a ManagedClusterAddOn's {@code spec.installNamespace} is the annotation {@value
 * #INSTALL_NAMESPACE}; {@code status.registrations} are typed ({@code kubeClient} or {@code
 * customSigner}); and {@code status.configReferences} drop their duplicated name and namespace. The
 * deprecated {@code addOnConfiguration} fields are not served at v1beta1. Pure.
 */
public final class AddOnV1beta1 {
  /** The name a v1beta1 default config carries for a v1alpha1 supported config without one. */
  public static final String NO_DEFAULT = "__reserved_no_default__";

  /** Where v1beta1 keeps a v1alpha1 ManagedClusterAddOn's {@code spec.installNamespace}. */
  public static final String INSTALL_NAMESPACE =
      "addon.open-cluster-management.io/v1alpha1-install-namespace";

  private static final String KUBE_CLIENT = "kubeClient";
  private static final String CUSTOM_SIGNER = "customSigner";

  /** ClusterManagementAddOn's conversion. */
  public static final VersionConversion CLUSTER_MANAGEMENT_ADD_ON =
      new VersionConversion() {
        @Override
        public ObjectNode toServed(ObjectNode stored) {
          apiVersion(stored, ApiGroups.V1BETA1);
          ObjectNode spec = object(stored, "spec");
          if (spec == null) {
            return stored;
          }
          spec.remove("addOnConfiguration");
          JsonNode supported = spec.remove("supportedConfigs");
          if (supported instanceof ArrayNode list) {
            ArrayNode defaults = spec.putArray("defaultConfigs");
            for (JsonNode config : list) {
              ObjectNode converted = defaults.addObject();
              copy(config, converted, "group");
              copy(config, converted, "resource");
              JsonNode preset = config.get("defaultConfig");
              if (preset instanceof ObjectNode chosen && chosen.hasNonNull("name")) {
                converted.set("name", chosen.get("name"));
                copy(chosen, converted, "namespace");
              } else {
                converted.put("name", NO_DEFAULT);
              }
            }
          }
          return stored;
        }

        @Override
        public ObjectNode toStored(ObjectNode served) {
          apiVersion(served, ApiGroups.V1ALPHA1);
          ObjectNode spec = object(served, "spec");
          if (spec == null) {
            return served;
          }
          JsonNode defaults = spec.remove("defaultConfigs");
          if (defaults instanceof ArrayNode list) {
            ArrayNode supported = spec.putArray("supportedConfigs");
            for (JsonNode config : list) {
              ObjectNode converted = supported.addObject();
              copy(config, converted, "group");
              copy(config, converted, "resource");
              JsonNode name = config.get("name");
              if (name != null && !name.isNull() && !NO_DEFAULT.equals(name.asText())) {
                ObjectNode preset = converted.putObject("defaultConfig");
                preset.set("name", name);
                copy(config, preset, "namespace");
              }
            }
          }
          return served;
        }
      };

  /** ManagedClusterAddOn's conversion. */
  public static final VersionConversion MANAGED_CLUSTER_ADD_ON =
      new VersionConversion() {
        @Override
        public ObjectNode toServed(ObjectNode stored) {
          apiVersion(stored, ApiGroups.V1BETA1);
          ObjectNode spec = object(stored, "spec");
          JsonNode installNamespace = spec == null ? null : spec.remove("installNamespace");
          if (installNamespace != null && !installNamespace.isNull()) {
            metadataObject(stored, "annotations").set(INSTALL_NAMESPACE, installNamespace);
          }
          ObjectNode status = object(stored, "status");
          if (status != null) {
            status.remove("addOnConfiguration");
            for (JsonNode reference : array(status, "configReferences")) {
              ((ObjectNode) reference).remove("name");
              ((ObjectNode) reference).remove("namespace");
            }
            ArrayNode registrations = array(status, "registrations");
            for (int i = 0; i < registrations.size(); i++) {
              registrations.set(i, typed(registrations.get(i)));
            }
          }
          return stored;
        }

        @Override
        public ObjectNode toStored(ObjectNode served) {
          apiVersion(served, ApiGroups.V1ALPHA1);
          ObjectNode metadata = object(served, "metadata");
          ObjectNode annotations = metadata == null ? null : object(metadata, "annotations");
          JsonNode installNamespace =
              annotations == null ? null : annotations.remove(INSTALL_NAMESPACE);
          if (annotations != null && annotations.isEmpty()) {
            metadata.remove("annotations");
          }
          if (installNamespace != null && !installNamespace.isNull()) {
            ObjectNode spec = object(served, "spec");
            (spec == null ? served.putObject("spec") : spec)
                .set("installNamespace", installNamespace);
          }
          ObjectNode status = object(served, "status");
          if (status != null) {
            for (JsonNode reference : array(status, "configReferences")) {
              JsonNode desired = reference.get("desiredConfig");
              if (desired instanceof ObjectNode config) {
                copy(config, (ObjectNode) reference, "name");
                copy(config, (ObjectNode) reference, "namespace");
              }
            }
            ArrayNode registrations = array(status, "registrations");
            for (int i = 0; i < registrations.size(); i++) {
              registrations.set(i, flat(registrations.get(i)));
            }
          }
          return served;
        }
      };

  private AddOnV1beta1() {}

  /** A v1alpha1 registration {@code {signerName, subject, driver}} as v1beta1's typed one. */
  private static JsonNode typed(JsonNode registration) {
    if (!(registration instanceof ObjectNode flat) || flat.has("type")) {
      return registration;
    }
    ObjectNode typed = flat.objectNode();
    String signer = flat.path("signerName").asText("");
    if (ClusterNames.SIGNER.equals(signer)) {
      typed.put("type", KUBE_CLIENT);
      ObjectNode kubeClient = typed.putObject(KUBE_CLIENT);
      JsonNode subject = flat.get("subject");
      if (subject instanceof ObjectNode s) {
        ObjectNode base = kubeClient.putObject("subject");
        copy(s, base, "user");
        copy(s, base, "groups");
      }
      copy(flat, kubeClient, "driver");
    } else {
      typed.put("type", CUSTOM_SIGNER);
      ObjectNode customSigner = typed.putObject(CUSTOM_SIGNER);
      copy(flat, customSigner, "signerName");
      copy(flat, customSigner, "subject");
    }
    return typed;
  }

  /** A v1beta1 typed registration as v1alpha1's flat one. */
  private static JsonNode flat(JsonNode registration) {
    if (!(registration instanceof ObjectNode typed) || !typed.has("type")) {
      return registration;
    }
    ObjectNode flat = typed.objectNode();
    if (KUBE_CLIENT.equals(typed.path("type").asText())) {
      flat.put("signerName", ClusterNames.SIGNER);
      JsonNode kubeClient = typed.path(KUBE_CLIENT);
      if (kubeClient instanceof ObjectNode k) {
        copy(k, flat, "subject");
        copy(k, flat, "driver");
      }
    } else {
      JsonNode customSigner = typed.path(CUSTOM_SIGNER);
      if (customSigner instanceof ObjectNode c) {
        copy(c, flat, "signerName");
        copy(c, flat, "subject");
      }
    }
    return flat;
  }

  private static void apiVersion(ObjectNode object, String version) {
    object.put("apiVersion", ApiGroups.ADDON + "/" + version);
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    return parent.get(field) instanceof ObjectNode child ? child : null;
  }

  private static ObjectNode metadataObject(ObjectNode object, String field) {
    ObjectNode metadata =
        object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
    return metadata.get(field) instanceof ObjectNode child ? child : metadata.putObject(field);
  }

  private static ArrayNode array(ObjectNode parent, String field) {
    return parent.get(field) instanceof ArrayNode list ? list : parent.arrayNode();
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    JsonNode value = from.get(field);
    if (value != null && !value.isNull()) {
      to.set(field, value);
    }
  }
}
