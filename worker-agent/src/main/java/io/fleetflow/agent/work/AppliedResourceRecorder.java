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

/**
 * Tells the {@link AppliedResourceWatcher} what each work applied and let go of, by looking at the
 * agent's ApplyManifests and DeleteResources activities as they complete. Being an interceptor, it
 * leaves the activities themselves unaware of watching.
 */
public final class AppliedResourceRecorder extends WorkerInterceptorBase {
  private final AppliedResourceWatcher watcher;

  public AppliedResourceRecorder(AppliedResourceWatcher watcher) {
    this.watcher = watcher;
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      @Override
      public ActivityOutput execute(ActivityInput input) {
        ActivityOutput output = super.execute(input);
        Object[] arguments = input.getArguments();
        Object argument = arguments.length == 1 ? arguments[0] : null;
        if (argument instanceof ApplyRequest request
            && output.getResult() instanceof ApplyResult result) {
          watcher.applied(
              request.workName(),
              result.resources().stream()
                  .filter(r -> r.uid() != null)
                  .map(ResourceResult::meta)
                  .toList());
        } else if (argument instanceof DeleteRequest request) {
          watcher.released(
              request.workName(),
              Stream.concat(request.resources().stream(), request.orphans().stream())
                  .map(AppliedResource::meta)
                  .toList());
        }
        return output;
      }
    };
  }
}
