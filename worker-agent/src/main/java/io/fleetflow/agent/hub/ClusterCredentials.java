package io.fleetflow.agent.hub;

import io.fleetflow.agent.identity.AgentIdentity;
import io.fleetflow.model.certificates.Pem;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * An agent's credentials for the front door: its key pair (its identity) and the client certificate
 * the hub issued for it, kept as {@code client.crt} beside the key so a restarted agent uses it
 * again. The key manager presents the newest certificate on each new TLS connection, so a renewed
 * certificate takes over on the next connection without rebuilding the client.
 */
public final class ClusterCredentials {
  static final String CERTIFICATE_FILE = "client.crt";
  private static final String ALIAS = "agent";

  private final AgentIdentity identity;
  private final Path certificateFile;
  private volatile X509Certificate certificate;

  /**
   * @param identity the agent's key pair
   * @param directory where the certificate is kept (the identity's directory)
   */
  public ClusterCredentials(AgentIdentity identity, Path directory) {
    this.identity = identity;
    this.certificateFile = directory.resolve(CERTIFICATE_FILE);
    if (Files.exists(certificateFile)) {
      X509Certificate stored = Pem.certificate(Pem.read(certificateFile));
      // A certificate for another key (the identity was replaced) is of no use.
      if (stored.getPublicKey().equals(identity.keyPair().getPublic())) {
        this.certificate = stored;
      }
    }
  }

  /** The agent's key pair. */
  public AgentIdentity identity() {
    return identity;
  }

  /** The certificate, if the agent holds one that is still valid at {@code now}. */
  public Optional<X509Certificate> certificate(Instant now) {
    X509Certificate current = certificate;
    return current != null && now.isBefore(current.getNotAfter().toInstant())
        ? Optional.of(current)
        : Optional.empty();
  }

  /** Keeps a newly issued certificate (PEM), for this run and the next. */
  public void store(String pem) {
    X509Certificate issued = Pem.certificate(pem);
    if (!issued.getPublicKey().equals(identity.keyPair().getPublic())) {
      throw new IllegalArgumentException("the issued certificate is not for this agent's key");
    }
    Pem.write(certificateFile, pem, false);
    certificate = issued;
  }

  /** Forgets the certificate (the hub no longer honours it): the agent joins again. */
  public void forget() {
    certificate = null;
  }

  /** The key manager that presents the current certificate, or none while there is none. */
  public X509ExtendedKeyManager keyManager() {
    return new X509ExtendedKeyManager() {
      @Override
      public String chooseClientAlias(String[] types, Principal[] issuers, Socket socket) {
        return certificate(Instant.now()).isPresent() ? ALIAS : null;
      }

      @Override
      public String chooseEngineClientAlias(String[] types, Principal[] issuers, SSLEngine e) {
        return chooseClientAlias(types, issuers, null);
      }

      @Override
      public String[] getClientAliases(String type, Principal[] issuers) {
        return certificate(Instant.now()).isPresent() ? new String[] {ALIAS} : new String[0];
      }

      @Override
      public X509Certificate[] getCertificateChain(String alias) {
        X509Certificate current = certificate;
        return current == null ? null : new X509Certificate[] {current};
      }

      @Override
      public PrivateKey getPrivateKey(String alias) {
        return identity.keyPair().getPrivate();
      }

      @Override
      public String[] getServerAliases(String type, Principal[] issuers) {
        return null;
      }

      @Override
      public String chooseServerAlias(String type, Principal[] issuers, Socket socket) {
        return null;
      }
    };
  }
}
