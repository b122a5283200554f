package io.fleetflow.gateway.codec;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.fleetflow.gateway.GatewayMvcTest;
import io.fleetflow.security.codec.AesGcmPayloadCodec;
import io.fleetflow.security.codec.PayloadCompression;
import io.fleetflow.security.codec.PayloadEncryption;
import io.fleetflow.security.codec.PayloadKeyRing;
import io.temporal.api.common.v1.Payload;
import jakarta.servlet.http.Cookie;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The Temporal UI's codec endpoint: a gateway token is needed, operators read payloads whole, and a
 * viewer reads them with every Secret's values redacted.
 */
@GatewayMvcTest
class CodecControllerTest {
  private static final String WORK_WITH_SECRET =
      """
      {"metadata": {"name": "db", "namespace": "cluster1"},
       "spec": {"workload": {"manifests": [
         {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": "visible"}},
         {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
          "data": {"password": "aHVudGVyMg=="}, "stringData": {"user": "root"}}]}}}
      """;

  private static Path keys;

  @Autowired private MockMvc mvc;
  @Autowired private ObjectMapper json;

  @DynamicPropertySource
  static void files(DynamicPropertyRegistry registry) throws IOException {
    Path tokens = Files.createTempFile("fleetflow-tokens", ".csv");
    tokens.toFile().deleteOnExit();
    Files.write(
        tokens,
        List.of(
            "operator-token,olga,1,\"fleetflow:operators\"",
            "viewer-token,victor,2,\"fleetflow:viewers\""));
    keys = Files.createTempDirectory("fleetflow-keys").resolve("payload-keys");
    PayloadKeyRing.createIfMissing(keys);
    registry.add("fleetflow.gateway.tokens-file", tokens::toString);
    registry.add("fleetflow.payload-keys", keys::toString);
  }

  private String encryptedRequest() throws IOException {
    Payload plain =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFromUtf8(WORK_WITH_SECRET))
            .build();
    return request(AesGcmPayloadCodec.encrypt(plain, PayloadKeyRing.read(keys)));
  }

  private String request(Payload encrypted) throws IOException {
    var metadata = new java.util.LinkedHashMap<String, String>();
    encrypted
        .getMetadataMap()
        .forEach((k, v) -> metadata.put(k, Base64.getEncoder().encodeToString(v.toByteArray())));
    return json.writeValueAsString(
        java.util.Map.of(
            "payloads",
            List.of(
                java.util.Map.of(
                    "metadata",
                    metadata,
                    "data",
                    Base64.getEncoder().encodeToString(encrypted.getData().toByteArray())))));
  }

  private JsonNode decodedWork(MvcResult result) throws IOException {
    JsonNode body = json.readTree(result.getResponse().getContentAsString());
    JsonNode payload = body.get("payloads").get(0);
    assertThat(
            new String(
                Base64.getDecoder().decode(payload.get("metadata").get("encoding").asText()),
                StandardCharsets.UTF_8))
        .isEqualTo("json/plain");
    return json.readTree(Base64.getDecoder().decode(payload.get("data").asText()));
  }

  @Test
  void anOperatorReadsTheWorkWhole() throws Exception {
    MvcResult result =
        mvc.perform(
                post("/codec/decode")
                    .header("Authorization", "Bearer operator-token")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(encryptedRequest()))
            .andExpect(status().isOk())
            .andReturn();

    JsonNode secret = decodedWork(result).at("/spec/workload/manifests/1");
    assertThat(secret.at("/data/password").asText()).isEqualTo("aHVudGVyMg==");
    assertThat(secret.at("/stringData/user").asText()).isEqualTo("root");
  }

  @Test
  void aViewerReadsTheWorkWithTheSecretsValuesRedactedThroughTheLoginCookie() throws Exception {
    MvcResult result =
        mvc.perform(
                post("/codec/decode")
                    .cookie(new Cookie("fleetflow-codec-token", "viewer-token"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(encryptedRequest()))
            .andExpect(status().isOk())
            .andReturn();

    JsonNode work = decodedWork(result);
    assertThat(work.at("/spec/workload/manifests/1/data/password").asText())
        .isEqualTo(SecretRedaction.REDACTED);
    assertThat(work.at("/spec/workload/manifests/1/stringData/user").asText())
        .isEqualTo(SecretRedaction.REDACTED);
    assertThat(work.at("/spec/workload/manifests/0/data/k").asText()).isEqualTo("visible");
    assertThat(result.getResponse().getContentAsString()).doesNotContain("aHVudGVyMg");
  }

  @Test
  void aLargePayloadThatWasCompressedBeforeEncryptionIsReadAndRedactedAlike() throws Exception {
    // A work with a large ConfigMap beside its Secret, as the hub writes it: compressed, encrypted.
    JsonNode work = json.readTree(WORK_WITH_SECRET);
    ((com.fasterxml.jackson.databind.node.ObjectNode) work.at("/spec/workload/manifests/0/data"))
        .put("big", "x".repeat(PayloadCompression.THRESHOLD_BYTES));
    Payload written =
        PayloadEncryption.dataConverter(PayloadKeyRing.read(keys)).toPayload(work).orElseThrow();

    MvcResult result =
        mvc.perform(
                post("/codec/decode")
                    .header("Authorization", "Bearer viewer-token")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(request(written)))
            .andExpect(status().isOk())
            .andReturn();

    JsonNode read = decodedWork(result);
    assertThat(read.at("/spec/workload/manifests/1/data/password").asText())
        .isEqualTo(SecretRedaction.REDACTED);
    assertThat(read.at("/spec/workload/manifests/0/data/big").asText())
        .hasSize(PayloadCompression.THRESHOLD_BYTES);
  }

  @Test
  void withoutATokenNothingIsDecoded() throws Exception {
    mvc.perform(
            post("/codec/decode")
                .contentType(MediaType.APPLICATION_JSON)
                .content(encryptedRequest()))
        .andExpect(failure(401, "Unauthorized"));
    mvc.perform(
            post("/codec/decode")
                .cookie(new Cookie("fleetflow-codec-token", "guessed"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(encryptedRequest()))
        .andExpect(failure(401, "Unauthorized"));
  }

  @Test
  void aViewerMayNotEncode() throws Exception {
    mvc.perform(
            post("/codec/encode")
                .header("Authorization", "Bearer viewer-token")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"payloads\": []}"))
        .andExpect(failure(403, "Forbidden"));
  }

  @Test
  void theLoginPageSetsAnHttpOnlyCookieForAValidTokenOnly() throws Exception {
    mvc.perform(
            post("/codec/login")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("token", "viewer-token"))
        .andExpect(status().isOk())
        .andExpect(header().string("Set-Cookie", containsString("HttpOnly")))
        .andExpect(header().string("Set-Cookie", containsString("Path=/codec")));
    mvc.perform(
            post("/codec/login")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("token", "nope"))
        .andExpect(status().isUnauthorized())
        .andExpect(header().doesNotExist("Set-Cookie"));
  }

  @Test
  void theTemporalUiOriginMayCallWithCredentialsAndOthersMayNot() throws Exception {
    mvc.perform(
            options("/codec/decode")
                .header("Origin", "http://127.0.0.1:8233")
                .header("Access-Control-Request-Method", "POST"))
        .andExpect(status().isOk())
        .andExpect(header().string("Access-Control-Allow-Origin", "http://127.0.0.1:8233"))
        .andExpect(header().string("Access-Control-Allow-Credentials", "true"));
    mvc.perform(
            options("/codec/decode")
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST"))
        .andExpect(status().isForbidden());
  }
}
