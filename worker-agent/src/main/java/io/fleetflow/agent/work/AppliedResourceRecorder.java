package io.fleetflow.agent.work;

import io.fleetflow.activities.agent.AppliedResource;
import io.fleetflow.activities.agent.ApplyRequest;
import io.fleetflow.activities.agent.ApplyResult;
import io.fleetflow.activities.agent.DeleteRequest;
import io.fleetflow.activities.agent.ResourceResult;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the {@link AppliedResourceWatcher} what each work is about to apply, what it applied and
 * what it let go of, by looking at the agent's ApplyManifests and DeleteResources activities as
 * they start and complete. Being an interceptor, it leaves the activities themselves unaware of
 * watching.
 */
public final class AppliedResourceRecorder extends WorkerInterceptorBase {
  private static final Logger log = LoggerFactory.getLogger(AppliedResourceRecorder.class);
  private final AppliedResourceWatcher watcher;

  public AppliedResourceRecorder(AppliedResourceWatcher watcher) {
    this.watcher = watcher;
  }

  private void record(Object[] arguments, Object result) {
    Object argument = arguments.length == 1 ? arguments[0] : null;
    if (argument instanceof ApplyRequest request && result instanceof ApplyResult applied) {
      watcher.heldBy(request.workName(), request.holder());
      watcher.applied(
          request.workName(),
          applied.resources().stream()
              .filter(r -> r.uid() != null)
              .map(ResourceResult::meta)
              .toList());
      watcher.readOnly(
          request.workName(),
          applied.resources().stream().filter(r -> request.readOnly(r.meta())).toList());
    } else if (argument instanceof DeleteRequest request) {
      watcher.released(
          request.workName(),
          Stream.concat(request.resources().stream(), request.orphans().stream())
              .map(AppliedResource::meta)
              .toList());
    }
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      @Override
      public ActivityOutput execute(ActivityInput input) {
        Object[] arguments = input.getArguments();
        if (arguments.length == 1 && arguments[0] instanceof ApplyRequest request) {
          try {
            watcher.prepare(request.manifests());
          } catch (RuntimeException e) {
            log.warn("cannot watch what the activity applies: {}", e.toString());
          }
        }
        ActivityOutput output = super.execute(input);
        try {
          record(input.getArguments(), output.getResult());
        } catch (RuntimeException e) {
          // Watching is a help, never a reason to fail the work's activity.
          log.warn("cannot record what the activity applied: {}", e.toString());
        }
        return output;
      }
    };
  }
}
