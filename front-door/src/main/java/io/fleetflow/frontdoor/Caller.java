package io.fleetflow.frontdoor;

import io.fleetflow.security.pki.AgentCertificates.AgentCertificate;

/** Who is calling the front door, as it authenticated them. */
public sealed interface Caller {
  /** How the caller is named in logs and in the identity Temporal records. */
  String describe();

  /**
   * An agent that presented a client certificate the cluster signer issued: it speaks for its one
   * cluster.
   *
   * @param certificate what the certificate proves
   */
  record ClusterAgent(AgentCertificate certificate) implements Caller {
    /** The cluster the agent speaks for. */
    public String cluster() {
      return certificate.cluster();
    }

    @Override
    public String describe() {
      return "cluster " + certificate.cluster() + " (agent " + certificate.agent() + ")";
    }
  }

  /**
   * A caller holding only a bootstrap token: it may ask to join and read how its request stands,
   * nothing else.
   *
   * @param tokenId the token's public id; its user name is {@code system:bootstrap:<id>}
   */
  record Bootstrap(String tokenId) implements Caller {
    @Override
    public String describe() {
      return "bootstrap token " + tokenId;
    }
  }
}
