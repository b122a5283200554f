package io.fleetflow.gateway.codec;

import io.fleetflow.security.codec.PayloadKeyRing;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The gateway's payload key ring ({@code fleetflow.payload-keys}: a file, or a mounted Secret's
 * directory), read once at start, or none when payloads are kept in plain text.
 */
@Component
public class PayloadKeys {
  private final Optional<PayloadKeyRing> ring;

  public PayloadKeys(@Value("${fleetflow.payload-keys:}") String location) {
    this.ring =
        location == null || location.isBlank()
            ? Optional.empty()
            : Optional.of(PayloadKeyRing.read(Path.of(location)));
  }

  /** The key ring, or empty when none is configured. */
  public Optional<PayloadKeyRing> ring() {
    return ring;
  }
}
