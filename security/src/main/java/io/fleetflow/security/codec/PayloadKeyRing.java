package io.fleetflow.security.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that encrypt payloads at rest: every key that ever encrypted a payload still in history
 * (so old histories stay readable after a rotation), and the one active key that encrypts new
 * payloads.
 *
 * <p>Two layouts are read, so that a key ring can live in a file or in a Kubernetes Secret:
 *
 * <ul>
 *   <li>a file of lines {@code <key id>=<base64 of 32 bytes>} and one line {@code active=<key id>};
 *       {@code #} starts a comment;
 *   <li>a directory (a Secret mounted as a volume) with one file per key, named by its id and
 *       holding the base64 key, and a file {@code active} holding the active id. Files whose names
 *       start with a dot (the Secret volume's own bookkeeping) are skipped.
 * </ul>
 *
 * <p>Key ids are what the payloads record ({@value AesGcmPayloadCodec#KEY_ID_METADATA}); they are
 * names, never the keys.
 */
public final class PayloadKeyRing {
  /** The length of a key: AES-256. */
  public static final int KEY_BYTES = 32;

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final String ACTIVE = "active";

  private final Map<String, SecretKey> keys;
  private final String activeId;

  private PayloadKeyRing(Map<String, SecretKey> keys, String activeId) {
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    this.activeId = activeId;
  }

  /**
   * Reads a key ring from a file or a directory (see the class comment).
   *
   * @throws IllegalArgumentException naming the file and the line when the ring is unusable
   */
  public static PayloadKeyRing read(Path location) {
    try {
      if (Files.isDirectory(location)) {
        return readDirectory(location);
      }
      return parse(Files.readString(location, StandardCharsets.UTF_8), location.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the payload key ring " + location, e);
    }
  }

  /** Parses the file layout; {@code source} names the file in error messages. */
  public static PayloadKeyRing parse(String text, String source) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String active = null;
    int lineNumber = 0;
    for (String raw : text.split("\n", -1)) {
      lineNumber++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            source + " line " + lineNumber + ": expected <key id>=<base64 key> or active=<key id>");
      }
      String name = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (name.equals(ACTIVE)) {
        active = value;
      } else {
        String where = source + " line " + lineNumber;
        if (keys.put(checkId(name, where), decodeKey(value, where)) != null) {
          throw new IllegalArgumentException(where + ": key id " + name + " appears twice");
        }
      }
    }
    return of(keys, active, source);
  }

  private static PayloadKeyRing readDirectory(Path dir) throws IOException {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String active = null;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") || Files.isDirectory(file)) {
          continue;
        }
        String value = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (name.equals(ACTIVE)) {
          active = value;
        } else {
          keys.put(checkId(name, file.toString()), decodeKey(value, file.toString()));
        }
      }
    }
    return of(keys, active, dir.toString());
  }

  private static PayloadKeyRing of(Map<String, SecretKey> keys, String active, String source) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(source + ": the payload key ring holds no key");
    }
    if (active == null) {
      throw new IllegalArgumentException(
          source + ": name the key that encrypts new payloads with active=<key id>");
    }
    if (!keys.containsKey(active)) {
      throw new IllegalArgumentException(
          source + ": the active key " + active + " is not in the ring " + keys.keySet());
    }
    return new PayloadKeyRing(keys, active);
  }

  private static String checkId(String id, String where) {
    if (!KEY_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          where + ": key id \"" + id + "\" must be letters, digits, '.', '_' or '-'");
    }
    return id;
  }

  private static SecretKey decodeKey(String base64, String where) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": the key is not base64", e);
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          where + ": a key has " + KEY_BYTES + " bytes (AES-256), this one " + bytes.length);
    }
    return new SecretKeySpec(bytes, "AES");
  }

  /** The id of the key that encrypts new payloads. */
  public String activeId() {
    return activeId;
  }

  /** The key that encrypts new payloads. */
  public SecretKey activeKey() {
    return keys.get(activeId);
  }

  /** The key with this id, if the ring holds it. */
  public Optional<SecretKey> key(String id) {
    return Optional.ofNullable(keys.get(id));
  }

  /** The ids of every key in the ring, in the order they were read. */
  public java.util.Set<String> ids() {
    return keys.keySet();
  }

  /**
   * Creates a key ring file with one new random key, readable by its owner only; does nothing when
   * the file exists. Returns whether it created the file.
   */
  public static boolean createIfMissing(Path file) {
    if (Files.exists(file)) {
      return false;
    }
    String id = "k" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString().replace("-", "");
    write(file, "# Fleetflow payload keys: <key id>=<base64 AES-256 key>; active= encrypts.\n", id);
    return true;
  }

  /**
   * Adds a new random key to a key ring file and makes it the active one; the old keys stay, so
   * payloads they encrypted are still read. Returns the new key's id.
   */
  public static String rotate(Path file) {
    PayloadKeyRing ring = read(file);
    String base =
        "k" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString().replace("-", "");
    String id = base;
    for (int n = 2; ring.keys.containsKey(id); n++) {
      id = base + "-" + n;
    }
    try {
      String kept =
          Files.readString(file, StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.strip().startsWith(ACTIVE + "="))
              .reduce("", (a, l) -> a + l + "\n");
      write(file, kept, id);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return id;
  }

  private static void write(Path file, String before, String newId) {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    String text =
        before + newId + "=" + Base64.getEncoder().encodeToString(key) + "\nactive=" + newId + "\n";
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".payload-keys", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the file keeps the default permissions.
      }
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the payload key ring " + file, e);
    }
  }
}
