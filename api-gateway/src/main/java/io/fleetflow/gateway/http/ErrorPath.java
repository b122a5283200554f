package io.fleetflow.gateway.http;

import io.fleetflow.gateway.api.ApiException;
import io.fleetflow.gateway.api.KubeStatus;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error path, in place of Spring Boot's: an error the container forwards here (a
 * failure outside the controllers) is answered as a Kubernetes Status with its code, and {@code
 * /error} asked for directly is a path like any other that does not exist, 404.
 */
@RestController
public class ErrorPath implements ErrorController {
  @RequestMapping("/error")
  public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    ApiException status;
    if (code instanceof Integer forwarded && forwarded >= 400) {
      Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
      status =
          KubeStatusErrorValve.statusOf(forwarded, exception instanceof Throwable t ? t : null);
    } else {
      status =
          new ApiException(
              404,
              "NotFound",
              "the server could not find the requested resource (/error)",
              null,
              null);
    }
    return ResponseEntity.status(status.code())
        .contentType(MediaType.APPLICATION_JSON)
        .body(KubeStatus.failure(status));
  }
}
