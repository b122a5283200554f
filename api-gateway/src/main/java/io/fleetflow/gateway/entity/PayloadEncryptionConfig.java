package io.fleetflow.gateway.entity;

import io.fleetflow.gateway.codec.PayloadKeys;
import io.fleetflow.security.codec.PayloadEncryption;
import io.temporal.common.converter.DataConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Encrypts every payload the gateway sends to Temporal (the objects of creates, updates and
 * patches, the actors) with the payload key ring, and decrypts what it reads. Temporal's starter
 * takes the bean named {@code mainDataConverter} for its client.
 */
@Configuration
public class PayloadEncryptionConfig {
  @Bean(name = "mainDataConverter")
  public DataConverter mainDataConverter(PayloadKeys keys) {
    return keys.ring()
        .map(PayloadEncryption::dataConverter)
        .orElseGet(() -> PayloadEncryption.dataConverter(null, "gateway"));
  }
}
