package io.fleetflow.workflows.entity;

import static io.fleetflow.workflows.Refusals.assertForbidden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.authz.ActorSeal;
import io.fleetflow.model.authz.AuthorizationPolicy;
import io.fleetflow.model.authz.DefaultPolicy;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec.ClusterSelector;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.model.patch.PatchType;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.clusterset.ManagedClusterSetWorkflow;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The entity contract inside a workflow, with the hub's actor key installed: a change counts only
 * from an actor vouched for with the key, for this object, not expired, who may make every change
 * in it; a patch applies to the object as it is, or not at all when it names a stale version.
 */
class EntityRecordWorkflowTest {
  private static final ActorSeal SEAL =
      new ActorSeal("entity-record-workflow-test-key-32b".getBytes());
  private static final String PROD = "ManagedClusterSet/prod";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HubTestEnvironment hub;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    when(hub.inventory().clusters()).thenReturn(List.of());
    hub.start();
    EntityAuthority.install(SEAL);
  }

  @AfterEach
  void stopHub() {
    EntityAuthority.install(null);
    hub.close();
  }

  @Test
  void anOperatorVouchedForThisObjectCreatesAndLabelsIt() {
    ManagedClusterSetWorkflow prod = create(vouched(operator(), PROD));

    ManagedClusterSet labelled =
        prod.patch(merge("{'metadata':{'labels':{'tier':'gold'}}}"), vouched(operator(), PROD));

    assertThat(labelled.getMetadata().getLabels()).containsEntry("tier", "gold");
  }

  @Test
  void groupsWrittenIntoAnUpdateWithoutAVoucherCountForNothing() {
    ManagedClusterSetWorkflow prod = create(vouched(operator(), PROD));
    Actor forged = new Actor("mallory", List.of(Roles.ADMINS), "forged");

    assertForbidden(() -> prod.delete(forged), "no voucher");
    assertForbidden(
        () -> prod.patch(merge("{'metadata':{'labels':{'a':'b'}}}"), forged), "no voucher");
  }

  @Test
  void aVoucherForAnotherObjectOrOneThatExpiredIsRefused() {
    ManagedClusterSetWorkflow prod = create(vouched(operator(), PROD));
    Actor elsewhere = vouched(operator(), "ManagedClusterSet/staging");
    Actor expired =
        SEAL.vouch(
            operator(),
            AuthorizationPolicy.grantsOn(
                PROD, "olga", List.of(Roles.OPERATORS), DefaultPolicy.policy()),
            PROD,
            hub.env().currentTimeMillis() - 1);

    assertForbidden(() -> prod.delete(elsewhere), "is for ManagedClusterSet/staging");
    assertForbidden(() -> prod.delete(expired), "expired");
  }

  @Test
  void aVoucherThatDoesNotAllowTheChangeIsRefusedNamingWhoMayMakeIt() {
    ManagedClusterSetWorkflow prod = create(vouched(operator(), PROD));
    Actor approver =
        SEAL.vouch(
            new Actor("arne", List.of(Roles.APPROVERS), null),
            AuthorizationPolicy.grantsOn(
                PROD, "arne", List.of(Roles.APPROVERS), DefaultPolicy.policy()),
            PROD,
            hub.env().currentTimeMillis() + 60_000);

    assertForbidden(
        () -> prod.patch(merge("{'metadata':{'labels':{'a':'b'}}}"), approver),
        "User \"arne\" cannot update resource \"managedclustersets\" in API group"
            + " \"cluster.open-cluster-management.io\" at the cluster scope (needed to change"
            + " managedclustersets; ClusterRole fleetflow:operator grants it)");
    assertForbidden(() -> prod.delete(approver), "cannot delete resource \"managedclustersets\"");
    assertThat(prod.get().getMetadata().getDeletionTimestamp()).isNull();
  }

  @Test
  void patchesApplyToTheObjectAsItIsSoNoConcurrentChangeIsLost() {
    ManagedClusterSetWorkflow prod = create(vouched(operator(), PROD));

    prod.patch(merge("{'metadata':{'labels':{'a':'1'}}}"), vouched(operator(), PROD));
    prod.patch(
        json("[{'op':'add','path':'/metadata/labels/b','value':'2'}]"), vouched(operator(), PROD));

    assertThat(prod.get().getMetadata().getLabels())
        .containsEntry("a", "1")
        .containsEntry("b", "2");
  }

  @Test
  void aPatchNamingAStaleVersionIsAConflictAndChangesNothing() {
    ManagedClusterSetWorkflow prod = create(vouched(operator(), PROD));
    hub.env().sleep(Duration.ofSeconds(1));
    String read = prod.get().getMetadata().getResourceVersion();
    prod.patch(merge("{'metadata':{'labels':{'a':'1'}}}"), vouched(operator(), PROD));

    assertThatThrownBy(
            () ->
                prod.patch(
                    merge("{'metadata':{'resourceVersion':'" + read + "','labels':{'a':'stale'}}}"),
                    vouched(operator(), PROD)))
        .isInstanceOfSatisfying(
            WorkflowUpdateException.class,
            e -> assertThat(type(e)).isEqualTo(EntityFailures.CONFLICT));
    assertThat(prod.get().getMetadata().getLabels()).containsEntry("a", "1");
  }

  @Test
  void aPatchThatDoesNotApplyIsInvalid() {
    ManagedClusterSetWorkflow prod = create(vouched(operator(), PROD));

    assertThatThrownBy(
            () ->
                prod.patch(
                    json("[{'op':'test','path':'/metadata/name','value':'staging'}]"),
                    vouched(operator(), PROD)))
        .isInstanceOfSatisfying(
            WorkflowUpdateException.class,
            e -> assertThat(type(e)).isEqualTo(EntityFailures.INVALID));
  }

  private static String type(WorkflowUpdateException e) {
    return EntityFailures.find(e).orElseThrow().getType();
  }

  private Actor vouched(Actor actor, String target) {
    return SEAL.vouch(
        actor,
        AuthorizationPolicy.grantsOn(target, actor.user(), actor.groups(), DefaultPolicy.policy()),
        target,
        hub.env().currentTimeMillis() + 60_000);
  }

  private static Actor operator() {
    return new Actor("olga", List.of(Roles.OPERATORS), "test");
  }

  private static Patch merge(String document) {
    return patch(PatchType.MERGE, document);
  }

  private static Patch json(String document) {
    return patch(PatchType.JSON, document);
  }

  private static Patch patch(PatchType type, String document) {
    try {
      return new Patch(type, JSON.readTree(document.replace('\'', '"')));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private ManagedClusterSetWorkflow create(Actor actor) {
    ManagedClusterSet set = new ManagedClusterSet();
    set.setMetadata(new ObjectMeta());
    set.getMetadata().setName("prod");
    set.getMetadata().setLabels(new HashMap<>(Map.of("env", "prod")));
    ManagedClusterSetSpec spec = new ManagedClusterSetSpec();
    spec.setClusterSelector(new ClusterSelector(ManagedClusterSet.EXCLUSIVE, null));
    set.setSpec(spec);
    ManagedClusterSetWorkflow workflow =
        hub.client()
            .newWorkflowStub(
                ManagedClusterSetWorkflow.class,
                EntityWorkflowOptions.forObject(ClusterSetKinds.MANAGED_CLUSTER_SET, null, "prod"));
    WorkflowClient.executeUpdateWithStart(
        workflow::create,
        set,
        actor,
        UpdateOptions.<ManagedClusterSet>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(workflow::run, (ManagedClusterSet) null));
    return workflow;
  }
}
