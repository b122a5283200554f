package io.fleetflow.frontdoor;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.Message;
import io.fleetflow.frontdoor.AgentPolicy.Access;
import io.fleetflow.frontdoor.AgentPolicy.Verdict;
import io.fleetflow.frontdoor.Caller.ClusterAgent;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's WorkflowService as agents see it through the front door: every method is declared, so
 * an agent's SDK talks to it as to Temporal, but each call is judged by {@link AgentPolicy} for the
 * authenticated caller and its cluster's standing, rewritten by {@link CallRewriter}, and only then
 * forwarded, asynchronously (a long poll holds no thread). Refusals are PERMISSION_DENIED with the
 * reason, and logged with the cluster's name.
 */
public final class AgentProxy {
  private static final Logger log = LoggerFactory.getLogger(AgentProxy.class);
  private static final Metadata.Key<String>[] FORWARDED_HEADERS = forwardedHeaders();

  private final Channel temporal;
  private final AgentPolicy policy;
  private final ClusterStandings standings;
  private final CallRewriter rewriter;

  /**
   * @param temporal the channel to Temporal's frontend
   * @param policy what is let through
   * @param standings how clusters stand with the hub
   * @param rewriter what is rewritten on the way
   */
  public AgentProxy(
      Channel temporal, AgentPolicy policy, ClusterStandings standings, CallRewriter rewriter) {
    this.temporal = temporal;
    this.policy = policy;
    this.standings = standings;
    this.rewriter = rewriter;
  }

  /** The service to register on the front door's server. */
  public ServerServiceDefinition service() {
    ServerServiceDefinition.Builder builder =
        ServerServiceDefinition.builder(WorkflowServiceGrpc.getServiceDescriptor());
    for (MethodDescriptor<?, ?> method : WorkflowServiceGrpc.getServiceDescriptor().getMethods()) {
      add(builder, method);
    }
    return builder.build();
  }

  @SuppressWarnings("unchecked")
  private <Q, R> void add(ServerServiceDefinition.Builder builder, MethodDescriptor<Q, R> method) {
    MethodDescriptor<Message, Message> typed = (MethodDescriptor<Message, Message>) method;
    builder.addMethod(
        typed,
        ServerCalls.asyncUnaryCall((request, responses) -> handle(typed, request, responses)));
  }

  private void handle(
      MethodDescriptor<Message, Message> method,
      Message request,
      StreamObserver<Message> responses) {
    Caller caller = CallerAuthentication.CALLER.get();
    String name = method.getBareMethodName();
    Message forwarded;
    try {
      Access access =
          caller instanceof ClusterAgent agent
              ? standings.access(agent.cluster(), agent.certificate().fingerprint())
              : Access.NONE;
      Verdict verdict = policy.check(caller, name, request, access);
      if (!verdict.allowed()) {
        refuse(caller, name, verdict.reason(), responses);
        return;
      }
      forwarded = rewriter.toTemporal(caller, name, request);
    } catch (CallRewriter.RefusedException e) {
      refuse(caller, name, e.getMessage(), responses);
      return;
    } catch (RuntimeException e) {
      log.error("front door failed on {} from {}", name, caller.describe(), e);
      responses.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    CallOptions options = CallOptions.DEFAULT;
    Deadline deadline = Context.current().getDeadline();
    if (deadline != null) {
      options = options.withDeadline(deadline);
    }
    var call =
        io.grpc.ClientInterceptors.intercept(temporal, new HeaderForwarding(headers()))
            .newCall(method, options);
    ListenableFuture<Message> pending = ClientCalls.futureUnaryCall(call, forwarded);
    if (responses instanceof ServerCallStreamObserver<Message> server) {
      // An agent that hangs up ends its long poll at Temporal too, so no task goes to a poll
      // whose agent is gone.
      server.setOnCancelHandler(() -> pending.cancel(true));
    }
    Futures.addCallback(
        pending,
        new FutureCallback<>() {
          @Override
          public void onSuccess(Message response) {
            try {
              responses.onNext(rewriter.toAgent(caller, response));
              responses.onCompleted();
            } catch (RuntimeException e) {
              log.error("front door failed on the answer to {} for {}", name, caller.describe(), e);
              responses.onError(
                  Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
            }
          }

          @Override
          public void onFailure(Throwable failure) {
            if (failure instanceof StatusRuntimeException e) {
              // Temporal's own answer (not found, already started, deadline) goes back whole,
              // trailers included, so the SDK reads it as it would from Temporal.
              responses.onError(e);
            } else {
              responses.onError(Status.fromThrowable(failure).asRuntimeException());
            }
          }
        },
        MoreExecutors.directExecutor());
  }

  private static void refuse(
      Caller caller, String method, String reason, StreamObserver<Message> responses) {
    log.warn("PERMISSION_DENIED {} for {}: {}", method, caller.describe(), reason);
    responses.onError(Status.PERMISSION_DENIED.withDescription(reason).asRuntimeException());
  }

  private static Metadata headers() {
    Metadata incoming = CallerAuthentication.HEADERS.get();
    Metadata forwarded = new Metadata();
    if (incoming != null) {
      for (Metadata.Key<String> key : FORWARDED_HEADERS) {
        String value = incoming.get(key);
        if (value != null) {
          forwarded.put(key, value);
        }
      }
    }
    return forwarded;
  }

  @SuppressWarnings("unchecked")
  private static Metadata.Key<String>[] forwardedHeaders() {
    // The SDK's name and version, which Temporal checks for compatibility; never credentials.
    return new Metadata.Key[] {
      Metadata.Key.of("client-name", Metadata.ASCII_STRING_MARSHALLER),
      Metadata.Key.of("client-version", Metadata.ASCII_STRING_MARSHALLER),
      Metadata.Key.of("supported-server-versions", Metadata.ASCII_STRING_MARSHALLER)
    };
  }

  /** Adds the forwarded headers to the call to Temporal. */
  private record HeaderForwarding(Metadata headers) implements io.grpc.ClientInterceptor {
    @Override
    public <Q, R> io.grpc.ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new io.grpc.ForwardingClientCall.SimpleForwardingClientCall<>(
          next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata requestHeaders) {
          requestHeaders.merge(headers);
          super.start(listener, requestHeaders);
        }
      };
    }
  }
}
