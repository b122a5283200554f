package io.fleetflow.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A static token file for a gateway test, in the format {@code up} writes. */
public final class TokenFiles {
  private TokenFiles() {}

  /**
   * Writes the lines ({@code token,user,uid,"groups"}) to a temporary file and points the gateway's
   * {@code fleetflow.gateway.tokens-file} at it.
   */
  public static void register(DynamicPropertyRegistry registry, String... lines) {
    try {
      Path file = Files.createTempFile("fleetflow-tokens", ".csv");
      file.toFile().deleteOnExit();
      Files.write(file, List.of(lines));
      registry.add("fleetflow.gateway.tokens-file", file::toString);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
