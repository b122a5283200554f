package io.fleetflow.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTP/1.1 over TLS to the gateway, written byte by byte, for the requests that client libraries
 * will not send: a path with ';' or '%2F' left as is, a Content-Length that lies, headers past any
 * limit, a body in any media type. One connection per request ({@code Connection: close}); the body
 * is sent while the response is read, so a refusal that comes before the body is read is still
 * seen.
 */
public final class RawHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final int port;
  private final SSLContext tls;
  private final String token;

  RawHttp(int port, Path caCertificate, String token) {
    this.port = port;
    this.token = token;
    this.tls = trusting(caCertificate);
  }

  /** A response: its status, headers (lower-case names, last value wins) and body. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON, or null when it is not JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        return null;
      }
    }
  }

  /** A request to send; headers beyond Host, Authorization and Connection are the caller's. */
  public static final class Request {
    final String method;
    final String target;
    final Map<String, String> headers = new LinkedHashMap<>();
    byte[] body = new byte[0];
    boolean declaredLength = true;

    public Request(String method, String target) {
      this.method = method;
      this.target = target;
    }

    public Request header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Request body(String contentType, byte[] bytes) {
      if (contentType != null) {
        headers.put("Content-Type", contentType);
      }
      body = bytes;
      return this;
    }

    public Request body(String contentType, String text) {
      return body(contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the body chunked, without saying its length up front. */
    public Request chunked() {
      declaredLength = false;
      return this;
    }

    @Override
    public String toString() {
      String type = headers.getOrDefault("Content-Type", "-");
      String excerpt = new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
      return method + " " + target + " [" + type + ", " + body.length + " bytes] " + excerpt;
    }
  }

  /** Sends a request and reads the whole response. */
  public Response send(Request request) {
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(120_000);
      byte[] head = head(request);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                try {
                  out.write(head);
                  writeBody(out, request);
                  out.flush();
                } catch (IOException e) {
                  // The server may answer and close before it read the whole body (a 413 for a
                  // body that says it is too large): the answer is still read below.
                }
              });
      byte[] raw = readAll(in);
      sending.cancel(true);
      return parse(raw);
    } catch (IOException e) {
      throw new UncheckedIOException("request " + request + " failed", e);
    }
  }

  /**
   * The request line and headers as sent, up to and including the empty line: what a server's
   * header size limit counts.
   */
  public byte[] head(Request request) {
    StringBuilder head = new StringBuilder();
    head.append(request.method).append(' ').append(request.target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1:").append(port).append("\r\n");
    if (token != null) {
      head.append("Authorization: Bearer ").append(token).append("\r\n");
    }
    head.append("Connection: close\r\n");
    request.headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    if (request.declaredLength) {
      if (!request.headers.containsKey("Content-Length")) {
        head.append("Content-Length: ").append(request.body.length).append("\r\n");
      }
    } else {
      head.append("Transfer-Encoding: chunked\r\n");
    }
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void writeBody(OutputStream out, Request request) throws IOException {
    if (request.declaredLength) {
      out.write(request.body);
      return;
    }
    int chunk = 64 * 1024;
    for (int at = 0; at < request.body.length; at += chunk) {
      int length = Math.min(chunk, request.body.length - at);
      out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(request.body, at, length);
      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        all.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      // A reset after the response was sent (the server closing on an unread body) ends it too.
      if (all.size() == 0) {
        throw e;
      }
    }
    return all.toByteArray();
  }

  private static Response parse(byte[] raw) {
    int end = indexOf(raw, 0, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (end < 0) {
      throw new IllegalStateException(
          "no HTTP response: " + new String(raw, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(status, headers, body);
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < body.length) {
      int lineEnd = indexOf(body, at, new byte[] {'\r', '\n'});
      if (lineEnd < 0) {
        break;
      }
      String size =
          new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int length = Integer.parseInt(size, 16);
      if (length == 0) {
        break;
      }
      at = lineEnd + 2;
      out.write(body, at, Math.min(length, body.length - at));
      at += length + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, int from, byte[] pattern) {
    outer:
    for (int i = from; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static SSLContext trusting(Path caCertificate) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(caCertificate)) {
        trust.setCertificateEntry(
            "gateway",
            (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
