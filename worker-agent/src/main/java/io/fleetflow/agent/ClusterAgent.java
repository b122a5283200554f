package io.fleetflow.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.activities.action.ActionAgentActivitiesImpl;
import io.fleetflow.activities.addon.AddOnAgentActivitiesImpl;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.agent.AgentActivitiesImpl;
import io.fleetflow.activities.agent.ClusterInfo;
import io.fleetflow.activities.agent.TakeoverAgentActivitiesImpl;
import io.fleetflow.activities.view.ViewAgentActivitiesImpl;
import io.fleetflow.agent.addon.AddOnCredentialActivitiesImpl;
import io.fleetflow.agent.facts.ClusterFactsWatcher;
import io.fleetflow.agent.hub.CertificateEnrollment;
import io.fleetflow.agent.hub.HubConnection;
import io.fleetflow.agent.identity.AgentIdentity;
import io.fleetflow.agent.view.ViewResync;
import io.fleetflow.agent.view.ViewWatcher;
import io.fleetflow.agent.work.AppliedResourceRecorder;
import io.fleetflow.agent.work.AppliedResourceWatcher;
import io.fleetflow.agent.work.HolderRegistry;
import io.fleetflow.agent.work.WorkResync;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.client.EntityRef;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec.ClientConfig;
import io.fleetflow.observability.ClusterLogContext;
import io.fleetflow.workflows.cluster.AgentStanding;
import io.fleetflow.workflows.cluster.JoinRequest;
import io.fleetflow.workflows.cluster.JoinResponse;
import io.fleetflow.workflows.cluster.LeaseRenewal;
import io.fleetflow.workflows.cluster.LeaseRenewals;
import io.fleetflow.workflows.cluster.ManagedClusterWorkflow;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The agent of one cluster (OCM's klusterlet): joins the hub, waits to be accepted, then polls the
 * task queue {@code cluster-<name>} for work on its cluster and renews its lease.
 *
 * <p>The agent never runs hub workflow code and the hub never connects to the cluster: the agent
 * pulls every piece of work.
 */
public final class ClusterAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterAgent.class);
  private static final Duration JOIN_RETRY = Duration.ofSeconds(5);
  private static final Duration DENIED_RETRY = Duration.ofSeconds(60);

  /** How many of its cluster's activities (applies, deletes, reads) an agent runs at once. */
  static final int MAX_CONCURRENT_ACTIVITIES = 32;

  private final String clusterName;
  private final KubernetesClient cluster;
  private final AgentIdentity identity;
  private final WorkflowClient hub;
  private final EntityClient entities;
  private final HubConnection connection;
  private final CertificateEnrollment enrollment;
  private volatile String pendingRenewal;
  private final ScheduledExecutorService scheduler;
  private volatile WorkerFactory workers;
  private volatile java.util.concurrent.ScheduledFuture<?> lease;
  private volatile int leaseSeconds = ManagedCluster.DEFAULT_LEASE_DURATION_SECONDS;
  private final ApiServerProbe probe;
  private final AppliedResourceWatcher watcher;
  private final HolderRegistry holders;
  private final ViewWatcher views;
  private final ClusterFactsWatcher facts;
  private volatile ClusterInfo joinedWith;
  private volatile long lastLeaseRenewal;

  /**
   * Whether the hub finds this agent alive by its polls (its cluster says so), so it renews only
   * when its probe's result changes and hourly.
   */
  private volatile boolean polledByHub;

  /** The probe's result as last signalled to the hub, or null before the first renewal. */
  private volatile LeaseRenewals.Probe lastReported;

  private volatile long lastReportMillis;

  /**
   * A lease period the agent switched to and has not yet announced: the line in its log says the
   * hub has had a renewal at the new period, which is what operators (and tests) read it for.
   */
  private volatile int periodToAnnounce;

  /**
   * @param clusterName the name to join under
   * @param cluster a client of the agent's own cluster
   * @param identity the agent's identity
   * @param connection how the agent reaches the hub; through the front door, the agent enrolls for
   *     a certificate first and keeps it renewed
   * @param holders the workflows that held works on the cluster when an earlier agent ran, kept
   *     beside the identity
   */
  public ClusterAgent(
      String clusterName,
      KubernetesClient cluster,
      AgentIdentity identity,
      HubConnection connection,
      HolderRegistry holders) {
    this.clusterName = clusterName;
    this.cluster = cluster;
    this.identity = identity;
    this.connection = connection;
    this.enrollment =
        connection.credentials() == null
            ? null
            : new CertificateEnrollment(clusterName, connection.credentials());
    this.hub = connection.client();
    this.entities = new EntityClient(hub);
    this.probe = new ApiServerProbe(cluster);
    // A virtual thread: a fleet JVM hosts hundreds of agents whose threads mostly wait.
    ThreadFactory virtual = Thread.ofVirtual().name("agent-" + clusterName).factory();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r ->
                virtual.newThread(
                    () -> {
                      // Every line the agent's own thread logs names its cluster.
                      MDC.put(ClusterLogContext.KEY, clusterName);
                      r.run();
                    }));
    this.holders = holders;
    this.watcher = new AppliedResourceWatcher(cluster, entities, clusterName, scheduler, holders);
    this.views = new ViewWatcher(entities, clusterName, scheduler);
    this.facts =
        new ClusterFactsWatcher(
            cluster,
            () -> new AgentActivitiesImpl(cluster, clusterName).describeCluster(),
            this::reportFacts,
            scheduler);
  }

  /** Starts joining in the background; returns at once. */
  public void start() {
    scheduler.execute(this::joinUntilAccepted);
  }

  private void joinUntilAccepted() {
    // A cluster accepted (again) hears from its agent at the first renewal.
    lastReported = null;
    try {
      if (enrollment != null && !enrollment.certified(Instant.now())) {
        enroll();
      }
      JoinResponse response = join();
      leaseSeconds = response.leaseDurationSeconds();
      log.info("cluster {} joined the hub: {}", clusterName, response.message());
      Membership membership = response.accepted() ? Membership.ACCEPTED : Membership.PENDING;
      for (int look = 0; membership != Membership.ACCEPTED; look++) {
        Thread.sleep(DecisionPolls.before(look).toMillis());
        membership = membership();
        if (membership == Membership.GONE) {
          // The request expired or the cluster was removed: ask again, as OCM's agent does.
          log.info("cluster {}: the join request is gone; asking again", clusterName);
          join();
        }
      }
      startWorkers();
      facts.start(joinedWith);
      lease = scheduler.scheduleWithFixedDelay(this::renewLease, 0, leaseSeconds, TimeUnit.SECONDS);
      if (enrollment != null) {
        scheduler.schedule(
            this::renewCertificate,
            enrollment.checkEvery(Instant.now()).toMillis(),
            TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn(
          "cluster {} could not join the hub ({}); trying again in {}s",
          clusterName,
          rootMessage(e),
          JOIN_RETRY.toSeconds());
      scheduler.schedule(this::joinUntilAccepted, JOIN_RETRY.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private JoinResponse join() {
    return join(entities, null);
  }

  /**
   * Asks to join with the bootstrap credential and a certificate request, and waits until the hub
   * issues the certificate: when an operator accepts the cluster or approves the request. A denied
   * request is told in the log, and the agent asks again later.
   */
  private void enroll() throws InterruptedException {
    EntityClient bootstrap = new EntityClient(connection.bootstrapClient());
    while (true) {
      JoinResponse response = join(bootstrap, enrollment.newRequest());
      log.info(
          "cluster {} asked to join with certificate request {}: {}",
          clusterName,
          response.certificateRequest(),
          response.message());
      CertificateEnrollment.Outcome outcome = CertificateEnrollment.Outcome.PENDING;
      for (int look = 0; outcome == CertificateEnrollment.Outcome.PENDING; look++) {
        Thread.sleep(DecisionPolls.before(look).toMillis());
        outcome = enrollment.pickUp(bootstrap, response.certificateRequest());
      }
      if (outcome == CertificateEnrollment.Outcome.ISSUED) {
        connection.reconnect();
        log.info("cluster {} holds its client certificate now", clusterName);
        return;
      }
      log.warn(
          "cluster {}: the hub denied certificate request {}; asking again in {}s",
          clusterName,
          response.certificateRequest(),
          DENIED_RETRY.toSeconds());
      Thread.sleep(DENIED_RETRY.toMillis());
    }
  }

  /**
   * Renews the certificate when a third of its life is left: a join with a new request, which the
   * hub approves for an accepted cluster; the new certificate is presented on the next connection.
   */
  private void renewCertificate() {
    Instant now = Instant.now();
    try {
      if (!enrollment.certified(now)) {
        // The certificate ran out before a renewal came through (the hub was away for more than
        // a third of its life): as OCM's agent bootstraps again, ask with the bootstrap credential,
        // which is all the front door still lets in.
        log.warn(
            "cluster {}: its certificate expired before it was renewed; asking again with the"
                + " bootstrap credential",
            clusterName);
        pendingRenewal = null;
        enroll();
      } else if (pendingRenewal != null) {
        CertificateEnrollment.Outcome outcome = enrollment.pickUp(entities, pendingRenewal);
        if (outcome != CertificateEnrollment.Outcome.PENDING) {
          log.info("cluster {}: renewal {} {}", clusterName, pendingRenewal, outcome);
          pendingRenewal = null;
          if (outcome == CertificateEnrollment.Outcome.ISSUED) {
            connection.reconnect();
          }
        }
      } else if (enrollment.dueForRenewal(now)) {
        pendingRenewal = join(entities, enrollment.newRequest()).certificateRequest();
        log.info("cluster {} renews its certificate with request {}", clusterName, pendingRenewal);
      }
    } catch (RuntimeException e) {
      log.warn("cluster {} could not renew its certificate: {}", clusterName, rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Duration next =
        pendingRenewal != null ? Duration.ofSeconds(1) : enrollment.checkEvery(Instant.now());
    if (!scheduler.isShutdown()) {
      scheduler.schedule(this::renewCertificate, next.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private JoinResponse join(EntityClient via, String csr) {
    ClusterInfo info = new AgentActivitiesImpl(cluster, clusterName).describeCluster();
    joinedWith = info;
    JoinRequest request =
        new JoinRequest(clusterName, identity.fingerprint(), info, clientConfigs(), csr, null);
    return via.updateWithStart(
        ClusterKinds.MANAGED_CLUSTER,
        null,
        clusterName,
        ManagedClusterWorkflow.JOIN,
        JoinResponse.class,
        request);
  }

  /**
   * The cluster's API server as its kubeconfig names it, for OCM's managedClusterClientConfigs. OCM
   * accepts https endpoints only, so a simulated cluster (plain http) reports none.
   */
  private List<ClientConfig> clientConfigs() {
    var config = cluster.getConfiguration();
    String url = config.getMasterUrl();
    if (url == null || !url.startsWith("https://")) {
      return List.of();
    }
    String ca = config.getCaCertData();
    return List.of(new ClientConfig(url.replaceAll("/$", ""), ca));
  }

  private Membership membership() {
    try {
      // A cluster whose workflow run started before the hub published standings: read the object,
      // by the same rule.
      AgentStanding standing =
          clusterEntity()
              .memo(AgentStanding.MEMO, AgentStanding.class)
              .orElseGet(
                  () ->
                      AgentStanding.of(
                          clusterEntity().query(EntityOperations.GET, ManagedCluster.class), null));
      if (standing == null) {
        return Membership.PENDING;
      }
      followLeaseDuration(standing.leaseDurationSeconds());
      polledByHub = standing.livenessByPolls();
      return Membership.from(standing);
    } catch (EntityException.NotFound e) {
      return Membership.GONE;
    } catch (RuntimeException e) {
      log.debug("cluster {} cannot read its ManagedCluster now: {}", clusterName, rootMessage(e));
      return Membership.UNKNOWN;
    }
  }

  /** Renews at the period the hub's ManagedCluster asks for, which operators may change. */
  private void followLeaseDuration(int seconds) {
    if (seconds == leaseSeconds) {
      return;
    }
    leaseSeconds = seconds;
    java.util.concurrent.ScheduledFuture<?> current = lease;
    if (current != null && !current.isCancelled()) {
      current.cancel(false);
      lease =
          scheduler.scheduleWithFixedDelay(this::renewLease, seconds, seconds, TimeUnit.SECONDS);
      periodToAnnounce = seconds;
    }
  }

  /** Logs a new lease period once the hub has heard from the agent under it. */
  private void announcePeriod() {
    int seconds = periodToAnnounce;
    if (seconds != 0) {
      periodToAnnounce = 0;
      log.info("cluster {} renews its lease every {}s now", clusterName, seconds);
    }
  }

  /**
   * Sends the cluster's changed facts to its ManagedCluster: the join Update records them (as it
   * does for a restarted agent) without starting a workflow, so a removed cluster is not revived.
   */
  private void reportFacts(ClusterInfo info) {
    clusterEntity()
        .update(
            ManagedClusterWorkflow.JOIN,
            JoinResponse.class,
            new JoinRequest(clusterName, identity.fingerprint(), info, clientConfigs()));
  }

  private EntityRef<ManagedCluster> clusterEntity() {
    return entities.entity(ClusterKinds.MANAGED_CLUSTER, null, clusterName);
  }

  private void startWorkers() {
    WorkerFactory factory =
        WorkerFactory.newInstance(
            hub,
            WorkerFactoryOptions.newBuilder()
                .setWorkflowCacheSize(0)
                .setWorkerInterceptors(
                    new AppliedResourceRecorder(watcher), ClusterLogContext.of(clusterName))
                .build());
    factory
        .newWorker(
            AgentActivities.taskQueue(clusterName),
            WorkerOptions.newBuilder()
                // A cluster's works apply side by side, as a client writing to the cluster would,
                // rather than four at a time; on virtual threads, so the hundreds of agents of a
                // fleet JVM hold no platform thread per slot.
                .setMaxConcurrentActivityExecutionSize(MAX_CONCURRENT_ACTIVITIES)
                .setUsingVirtualThreadsOnActivityWorker(true)
                // One poller per cluster: a fleet JVM hosts hundreds of agents on one connection.
                .setMaxConcurrentActivityTaskPollers(1)
                .build())
        .registerActivitiesImplementations(
            new AgentActivitiesImpl(cluster, clusterName),
            new TakeoverAgentActivitiesImpl(cluster),
            new ViewAgentActivitiesImpl(cluster, clusterName, views),
            new ActionAgentActivitiesImpl(cluster),
            new AddOnAgentActivitiesImpl(cluster),
            new AddOnCredentialActivitiesImpl(cluster));
    factory.start();
    workers = factory;
    log.info(
        "cluster {} accepted; polling task queue {}",
        clusterName,
        AgentActivities.taskQueue(clusterName));
    scheduler.execute(this::resyncWorks);
  }

  /**
   * Asks every work and view of the cluster to be sent again: this agent does not know what an
   * earlier one applied or watched, and the cluster may have lost objects while no agent watched.
   */
  private void resyncWorks() {
    try {
      WorkResync.requestAll(entities, clusterName, holders);
      ViewResync.requestAll(entities, clusterName);
    } catch (RuntimeException e) {
      log.warn(
          "cluster {} could not ask its works to be sent again ({}); trying again in {}s",
          clusterName,
          rootMessage(e),
          JOIN_RETRY.toSeconds());
      scheduler.schedule(this::resyncWorks, JOIN_RETRY.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private void renewLease() {
    try {
      Membership membership = membership();
      if (membership.stopsWork()) {
        // Denied, expired or removed: stop taking work and go back to asking to join.
        log.info("cluster {} is no longer accepted; it stops taking work", clusterName);
        stopWorkers();
        lease.cancel(false);
        scheduler.execute(this::joinUntilAccepted);
        return;
      }
      ApiServerProbe.Result result = probe.check();
      LeaseRenewals.Probe now = new LeaseRenewals.Probe(result.healthy(), result.message());
      long millis = System.currentTimeMillis();
      if (polledByHub
          && !LeaseRenewals.reportDue(
              lastReported, now, Duration.ofMillis(millis - lastReportMillis))) {
        // The agent's polls prove it alive to the hub; a read of its accepted cluster just now
        // proved the hub reachable, which is what the lease age tells.
        if (membership == Membership.ACCEPTED) {
          lastLeaseRenewal = millis;
          announcePeriod();
        }
        return;
      }
      clusterEntity()
          .signal(
              ManagedClusterWorkflow.RENEW_LEASE,
              new LeaseRenewal(identity.fingerprint(), result.healthy(), result.message(), millis));
      lastReported = now;
      lastReportMillis = millis;
      lastLeaseRenewal = System.currentTimeMillis();
      announcePeriod();
    } catch (RuntimeException e) {
      log.warn("cluster {} could not renew its lease: {}", clusterName, rootMessage(e));
    }
  }

  private void stopWorkers() {
    facts.close();
    views.close();
    WorkerFactory factory = workers;
    workers = null;
    if (factory != null) {
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /**
   * Seconds since this agent last renewed its cluster's lease, for the lease-age metric; NaN before
   * the first renewal.
   */
  public double leaseAgeSeconds() {
    long last = lastLeaseRenewal;
    return last == 0 ? Double.NaN : (System.currentTimeMillis() - last) / 1000.0;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    stopWorkers();
    watcher.close();
    probe.close();
  }
}
