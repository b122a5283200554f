package io.fleetflow.model.certificates;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names OCM gives a cluster's identity, which Fleetflow keeps so that OCM's tools recognise its
 * certificate signing requests: the subject of an agent's certificate, the signer, the label and
 * the groups of a bootstrap request.
 */
public final class ClusterNames {
  /** The signer of agent client certificates, as OCM's registration agent asks for it. */
  public static final String SIGNER = "kubernetes.io/kube-apiserver-client";

  /** The label that names the cluster a CertificateSigningRequest is for. */
  public static final String CLUSTER_NAME_LABEL = "open-cluster-management.io/cluster-name";

  /** The group of bootstrap requesters that {@code clusteradm accept} looks for. */
  public static final String BOOTSTRAP_GROUP = "system:bootstrappers:managedcluster";

  /** The prefix of a bootstrap requester's user name; the token id follows it. */
  public static final String BOOTSTRAP_USER_PREFIX = "system:bootstrap:";

  /** The group every managed cluster's agent is in. */
  public static final String MANAGED_CLUSTERS_GROUP =
      "system:open-cluster-management:managed-clusters";

  /** The label that names the add-on a CertificateSigningRequest is for, as OCM's sets it. */
  public static final String ADDON_NAME_LABEL = "open-cluster-management.io/addon-name";

  /** The group Kubernetes puts every authenticated user in. */
  public static final String AUTHENTICATED_GROUP = "system:authenticated";

  private static final String PREFIX = "system:open-cluster-management:";

  /** A DNS-1123 label, as cluster names and agent names are. */
  private static final String NAME = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

  private static final Pattern COMMON_NAME =
      Pattern.compile(Pattern.quote(PREFIX) + "(" + NAME + "):(" + NAME + ")");
  private static final Pattern NAME_ONLY = Pattern.compile(NAME);
  private static final Pattern ADDON_COMMON_NAME =
      Pattern.compile(
          Pattern.quote(PREFIX)
              + "cluster:("
              + NAME
              + "):addon:("
              + NAME
              + "):agent:("
              + NAME
              + ")");

  private ClusterNames() {}

  /** The organization (O) of a cluster's agent certificate: its cluster's group. */
  public static String organization(String cluster) {
    return PREFIX + cluster;
  }

  /** The common name (CN) of a cluster's agent certificate, which is its user name. */
  public static String commonName(String cluster, String agent) {
    return PREFIX + cluster + ":" + agent;
  }

  /** Returns true when a name can be a cluster's or an agent's name. */
  public static boolean isValidName(String name) {
    return name != null && NAME_ONLY.matcher(name).matches();
  }

  /** The cluster and agent that a common name names, if it is an agent's. */
  public static Optional<AgentName> parseCommonName(String commonName) {
    Matcher m = commonName == null ? null : COMMON_NAME.matcher(commonName);
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new AgentName(m.group(1), m.group(3)));
  }

  /**
   * The common name (CN) of an add-on agent's client certificate, as OCM's add-on registration
   * makes it: the add-on agent's user name at the hub.
   */
  public static String addOnCommonName(String cluster, String addOn, String agent) {
    return PREFIX + "cluster:" + cluster + ":addon:" + addOn + ":agent:" + agent;
  }

  /**
   * The group of one add-on's agents on one cluster: what the RoleBindings of the add-on's hub
   * permissions name, so its credential reaches only what the add-on declares for that cluster.
   */
  public static String addOnGroup(String cluster, String addOn) {
    return PREFIX + "cluster:" + cluster + ":addon:" + addOn;
  }

  /**
   * The organizations (O) of an add-on agent's certificate, which become its groups, as OCM's
   * default subject lists them: the add-on on its cluster, the add-on everywhere, and {@value
   * #AUTHENTICATED_GROUP}.
   */
  public static List<String> addOnGroups(String cluster, String addOn) {
    return List.of(addOnGroup(cluster, addOn), PREFIX + "addon:" + addOn, AUTHENTICATED_GROUP);
  }

  /** The cluster, add-on and agent that a common name names, if it is an add-on agent's. */
  public static Optional<AddOnAgentName> parseAddOnCommonName(String commonName) {
    Matcher m = commonName == null ? null : ADDON_COMMON_NAME.matcher(commonName);
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new AddOnAgentName(m.group(1), m.group(3), m.group(5)));
  }

  /**
   * An add-on's agent on a cluster, as its certificate names them.
   *
   * @param cluster the managed cluster's name
   * @param addOn the add-on's name
   * @param agent the agent's name within the add-on
   */
  public record AddOnAgentName(String cluster, String addOn, String agent) {}

  /**
   * A cluster and its agent, as a certificate names them.
   *
   * @param cluster the managed cluster's name
   * @param agent the agent's name within the cluster
   */
  public record AgentName(String cluster, String agent) {}
}
