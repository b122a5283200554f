package io.fleetflow.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fleetflow.model.validation.ObjectLimits;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Bodies are read up to 3 MiB; one that says it is larger is refused before a byte is read. */
class RequestBodiesTest {
  @Test
  void aBodyThatSaysItIsLargerThanTheLimitIsRefusedUnread() throws Exception {
    HttpServletRequest request = mock(HttpServletRequest.class);
    when(request.getContentLengthLong()).thenReturn(ObjectLimits.MAX_REQUEST_BYTES + 1L);

    assertThatThrownBy(() -> RequestBodies.read(request))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(413);
              assertThat(e.reason()).isEqualTo("RequestEntityTooLarge");
            });
    verify(request, never()).getInputStream();
  }

  @Test
  void aBodyOfExactly3MiBIsReadAndOneByteMoreIsRefused() throws Exception {
    MockHttpServletRequest atLimit = new MockHttpServletRequest();
    atLimit.setContent(new byte[ObjectLimits.MAX_REQUEST_BYTES]);
    assertThat(RequestBodies.read(atLimit)).hasSize(ObjectLimits.MAX_REQUEST_BYTES);

    MockHttpServletRequest past = new MockHttpServletRequest();
    past.setContent(new byte[ObjectLimits.MAX_REQUEST_BYTES + 1]);
    assertThatThrownBy(() -> RequestBodies.read(past))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(413));
  }
}
