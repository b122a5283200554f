package io.fleetflow.gateway.api;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fleetflow.model.validation.Names;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Namespaces on Fleetflow's hub are implicit: a namespace comes into being with the first object
 * written into it (a cluster's namespace with its ManagedCluster, a team's with its Placement), as
 * OCM's registration creates a cluster's namespace for it. So every namespace with a valid name
 * exists and is Active. Clients that check a namespace before they use it ({@code clusteradm get
 * placements -n NS} reads it first) get the answer a Kubernetes API server gives for an existing
 * one. Any authenticated caller may read it (the gateway's filter refuses the unauthenticated);
 * namespaces cannot be created, changed or deleted here.
 */
@RestController
public class NamespaceController {
  /** Returns the namespace, or a 404 Status for a name no namespace can have. */
  @GetMapping("/api/v1/namespaces/{name}")
  public Namespace get(@PathVariable String name) {
    if (!Names.checkLabel("metadata.name", name).isEmpty()) {
      throw ApiException.notFound("", "namespaces", name);
    }
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .withPhase("Active")
        .endStatus()
        .build();
  }
}
