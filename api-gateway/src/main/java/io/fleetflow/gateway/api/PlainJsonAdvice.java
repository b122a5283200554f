package io.fleetflow.gateway.api;

import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Labels every JSON response as what it is. Spring would otherwise echo the parameters of the
 * client's Accept header ({@code as=APIGroupDiscoveryList}, {@code as=Table}) whatever the body,
 * and {@code kubectl} trusts those parameters: legacy discovery would be read as aggregated
 * discovery and found empty.
 */
@ControllerAdvice
public class PlainJsonAdvice implements ResponseBodyAdvice<Object> {
  private static final MediaType TABLE =
      MediaType.parseMediaType("application/json;as=Table;v=v1;g=meta.k8s.io");

  @Override
  public boolean supports(
      MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object beforeBodyWrite(
      Object body,
      MethodParameter returnType,
      MediaType selectedContentType,
      Class<? extends HttpMessageConverter<?>> selectedConverterType,
      ServerHttpRequest request,
      ServerHttpResponse response) {
    if (selectedContentType.isCompatibleWith(MediaType.APPLICATION_JSON)) {
      boolean table = body instanceof Map<?, ?> map && "Table".equals(map.get("kind"));
      response.getHeaders().setContentType(table ? TABLE : MediaType.APPLICATION_JSON);
    }
    return body;
  }
}
