package io.fleetflow.hub;

import io.fleetflow.security.codec.PayloadEncryption;
import io.temporal.common.converter.DataConverter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Encrypts every payload the hub writes to Temporal (workflow state, activity inputs with the
 * clusters' manifests, results) with the key ring {@code fleetflow.payload-keys} names, and
 * decrypts what it reads; Temporal's starter takes the bean named {@code mainDataConverter} for its
 * client and workers.
 */
@Configuration
public class PayloadEncryptionConfig {
  @Bean(name = "mainDataConverter")
  public DataConverter mainDataConverter(@Value("${fleetflow.payload-keys:}") String keys) {
    return PayloadEncryption.dataConverter(keys, "hub");
  }
}
