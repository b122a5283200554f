package io.fleetflow.gateway.api;

import io.fleetflow.gateway.auth.AuthFilter;
import io.fleetflow.gateway.auth.Principal;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.wire.KubernetesProtobuf;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Resolves the arguments every resource handler shares, {@link ResourcePath} and {@link Change}, so
 * each handler states only what differs.
 */
@Configuration
public class ApiArguments implements WebMvcConfigurer, HandlerMethodArgumentResolver {
  /** The header with which a caller gives the reason for a change. */
  public static final String REASON_HEADER = Actor.REASON_HEADER;

  private final ObjectReader reader;

  public ApiArguments(ObjectReader reader) {
    this.reader = reader;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(this);
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == ResourcePath.class
        || parameter.getParameterType() == Change.class;
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      WebDataBinderFactory binderFactory)
      throws IOException {
    HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
    if (parameter.getParameterType() == ResourcePath.class) {
      @SuppressWarnings("unchecked")
      Map<String, String> variables =
          (Map<String, String>)
              request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
      return ResourcePath.of(variables);
    }
    // Sizes first, so an oversized body is refused before anything else is looked at; then the
    // media type the verb takes (RequestBodies, MediaTypes).
    RequestBodies.checkDeclaredLength(request);
    String contentType =
        MediaTypes.of(
            request.getMethod(), request.getContentType(), RequestBodies.announced(request));
    if (MediaTypes.PROTOBUF.equals(contentType)) {
      requireProtobufKind(request);
    }
    byte[] body = RequestBodies.read(request);
    Principal principal = (Principal) request.getAttribute(AuthFilter.PRINCIPAL);
    return new Change(
        body.length == 0 ? null : reader.tree(body, contentType),
        contentType,
        FieldValidation.of(request.getParameter("fieldValidation")),
        new Actor(principal.user(), principal.groups(), request.getHeader(REASON_HEADER)),
        List.of());
  }

  /**
   * Refuses a protobuf body for a kind whose protobuf bodies are not read with a 415 at once, as
   * for any media type a request may not send, rather than a 400 for a body never tried.
   */
  @SuppressWarnings("unchecked")
  private static void requireProtobufKind(HttpServletRequest request) {
    Map<String, String> variables =
        (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    if (variables == null || !variables.containsKey("plural")) {
      return;
    }
    ResourceKind<?> kind = ResourcePath.of(variables).kind();
    if (!KubernetesProtobuf.reads(kind.apiVersion(), kind.kind())) {
      throw ApiException.unsupportedMediaType(
          "a "
              + kind.kind()
              + " is sent as application/json or application/yaml; protobuf bodies are read for "
              + KubernetesProtobuf.readable()
              + " only");
    }
  }
}
