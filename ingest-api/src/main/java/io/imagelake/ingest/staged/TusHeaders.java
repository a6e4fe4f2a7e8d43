package io.imagelake.ingest.staged;

import io.imagelake.support.errors.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The tus 1.0 headers: names, and how their values are read and written (https://tus.io/protocols/resumable-upload). */
final class TusHeaders {

    static final String VERSION = "1.0.0";
    static final String RESUMABLE = "Tus-Resumable";
    static final String TUS_VERSION = "Tus-Version";
    static final String EXTENSION = "Tus-Extension";
    static final String MAX_SIZE = "Tus-Max-Size";
    static final String CHECKSUM_ALGORITHMS = "Tus-Checksum-Algorithm";
    static final String OFFSET = "Upload-Offset";
    static final String LENGTH = "Upload-Length";
    static final String DEFER_LENGTH = "Upload-Defer-Length";
    static final String METADATA = "Upload-Metadata";
    static final String CHECKSUM = "Upload-Checksum";
    static final String EXPIRES = "Upload-Expires";
    /** The lake's own: the image a finished upload became, on the final PATCH and on a HEAD of a finished upload. */
    static final String IMAGE_ID = "Image-Id";

    static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";
    static final String EXTENSIONS = "creation,creation-with-upload,termination,checksum,expiration";
    static final String ALGORITHMS = "sha256,sha1,md5";

    private static final Map<String, String> DIGESTS = Map.of("sha256", "SHA-256", "sha1", "SHA-1", "md5", "MD5");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private TusHeaders() {}

    static void requireVersion(String resumable) {
        if (!VERSION.equals(resumable)) {
            throw new TusErrors.UnsupportedVersion(resumable);
        }
    }

    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    /** {@code Upload-Metadata}: comma-separated {@code key base64(value)} pairs, keys unique, a value optional. */
    static Map<String, String> metadata(String header) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return pairs;
        }
        for (String pair : header.split(",")) {
            String[] parts = pair.trim().split(" ");
            if (parts.length > 2 || parts[0].isEmpty()) {
                throw InvalidRequestException.of(METADATA, "each pair is a key and an optional base64 value");
            }
            String value;
            try {
                value = parts.length == 2
                        ? new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        : "";
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.of(METADATA, "the value of '" + parts[0] + "' is not base64");
            }
            if (pairs.put(parts[0], value) != null) {
                throw InvalidRequestException.of(METADATA, "the key '" + parts[0] + "' appears twice");
            }
        }
        return pairs;
    }

    /** A declared {@code Upload-Checksum}: the digest to compute over the chunk, and the value it must give. */
    record Checksum(String algorithm, byte[] expected) {

        static Checksum parse(String header) {
            if (header == null) {
                return null;
            }
            String[] parts = header.trim().split(" ");
            String algorithm = parts[0].toLowerCase(Locale.ROOT);
            if (parts.length != 2 || !DIGESTS.containsKey(algorithm)) {
                throw InvalidRequestException.of(CHECKSUM, "'<algorithm> <base64 digest>' with one of " + ALGORITHMS);
            }
            try {
                return new Checksum(algorithm, Base64.getDecoder().decode(parts[1]));
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.of(CHECKSUM, "the digest is not base64");
            }
        }

        MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance(DIGESTS.get(algorithm));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has " + algorithm, e);
            }
        }

        void verify(MessageDigest computed) {
            if (!MessageDigest.isEqual(expected, computed.digest())) {
                throw new TusErrors.ChecksumMismatch(algorithm);
            }
        }
    }
}
