package io.fleetflow.model.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The body {@code kubectl certificate approve} PUTs to {@code /approval}, written here field by
 * field as Kubernetes' generated.proto numbers them, reads as the same request sent as JSON.
 */
class KubernetesProtobufTest {

  @Test
  void anApprovedCertificateSigningRequestReadsAsItsJson() throws Exception {
    byte[] metadata =
        message(
            out -> {
              out.writeString(1, "csr-east-1");
              out.writeString(5, "uid-1");
              out.writeString(6, "42");
              out.writeBytes(8, ByteString.copyFrom(message(t -> t.writeInt64(1, 1764950400L))));
            });
    byte[] spec =
        message(
            out -> {
              out.writeBytes(1, ByteString.copyFromUtf8("PEM"));
              out.writeString(2, "system:open-cluster-management:east:abc");
              out.writeString(4, "system:authenticated");
              out.writeString(5, "client auth");
              out.writeString(7, "kubernetes.io/kube-apiserver-client");
              out.writeInt32(8, 3600);
            });
    byte[] approved =
        message(
            out -> {
              out.writeString(1, "Approved");
              out.writeString(2, "KubectlApprove");
              out.writeString(3, "This CSR was approved by kubectl certificate approve.");
              out.writeString(6, "True");
            });
    byte[] status = message(out -> out.writeBytes(1, ByteString.copyFrom(approved)));
    byte[] csr =
        message(
            out -> {
              out.writeBytes(1, ByteString.copyFrom(metadata));
              out.writeBytes(2, ByteString.copyFrom(spec));
              out.writeBytes(3, ByteString.copyFrom(status));
            });

    Map<String, Object> object =
        KubernetesProtobuf.decode(
            envelope("certificates.k8s.io/v1", "CertificateSigningRequest", csr));

    assertThat(object)
        .containsEntry("apiVersion", "certificates.k8s.io/v1")
        .containsEntry("kind", "CertificateSigningRequest");
    assertThat(object.get("metadata"))
        .isEqualTo(
            Map.of(
                "name", "csr-east-1",
                "uid", "uid-1",
                "resourceVersion", "42",
                "creationTimestamp", "2025-12-05T16:00:00Z"));
    assertThat(object.get("spec"))
        .isEqualTo(
            Map.of(
                "request",
                "UEVN",
                "username",
                "system:open-cluster-management:east:abc",
                "groups",
                List.of("system:authenticated"),
                "usages",
                List.of("client auth"),
                "signerName",
                "kubernetes.io/kube-apiserver-client",
                "expirationSeconds",
                3600L));
    assertThat(object.get("status"))
        .isEqualTo(
            Map.of(
                "conditions",
                List.of(
                    Map.of(
                        "type", "Approved",
                        "reason", "KubectlApprove",
                        "message", "This CSR was approved by kubectl certificate approve.",
                        "status", "True"))));
  }

  @Test
  void aKindItDoesNotKnowIsRefusedWithWhatToSendInstead() throws IOException {
    byte[] body = envelope("apps/v1", "Deployment", message(out -> out.writeString(1, "x")));

    assertThatThrownBy(() -> KubernetesProtobuf.decode(body))
        .isInstanceOf(KubernetesProtobuf.Unsupported.class)
        .hasMessageContaining("not Deployment (apps/v1)")
        .hasMessageContaining("send it as YAML or JSON");
  }

  @Test
  void aBodyWithoutTheEnvelopeIsNotReadAsOne() {
    assertThatThrownBy(
            () -> KubernetesProtobuf.decode("{\"kind\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("k8s");
  }

  /** Kubernetes' envelope: the magic bytes, then runtime.Unknown {typeMeta 1, raw 2}. */
  private static byte[] envelope(String apiVersion, String kind, byte[] raw) throws IOException {
    byte[] typeMeta =
        message(
            out -> {
              out.writeString(1, apiVersion);
              out.writeString(2, kind);
            });
    byte[] unknown =
        message(
            out -> {
              out.writeBytes(1, ByteString.copyFrom(typeMeta));
              out.writeBytes(2, ByteString.copyFrom(raw));
            });
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(new byte[] {'k', '8', 's', 0});
    body.write(unknown);
    return body.toByteArray();
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Writer writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    writer.write(out);
    out.flush();
    return bytes.toByteArray();
  }
}
