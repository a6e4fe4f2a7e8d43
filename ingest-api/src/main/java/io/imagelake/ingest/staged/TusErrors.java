package io.imagelake.ingest.staged;

import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.PermanentException;

/** The tus protocol's own refusals, each with its status from tus 1.0 and a stable problem type. */
final class TusErrors {

    private TusErrors() {}

    /** A request without {@code Tus-Resumable: 1.0.0}: 412, with {@code Tus-Version} saying what is spoken. */
    static final class UnsupportedVersion extends PermanentException {
        UnsupportedVersion(String version) {
            super(
                    ErrorKind.PRECONDITION_FAILED,
                    "tus-version-unsupported",
                    "Unsupported tus version",
                    "Tus-Resumable " + (version == null ? "is missing" : "'" + version + "' is not spoken")
                            + ": this server speaks " + TusHeaders.VERSION);
        }
    }

    /** A PATCH whose Upload-Offset is not where the received bytes end: 409, HEAD tells the right one. */
    static final class OffsetMismatch extends PermanentException {
        OffsetMismatch(long declared, long actual) {
            super(
                    ErrorKind.CONFLICT,
                    "tus-offset-mismatch",
                    "Upload-Offset mismatch",
                    "Upload-Offset is " + declared + " but the upload has " + actual + " bytes; HEAD it and resume");
        }
    }

    /** A chunk whose bytes do not match its Upload-Checksum: 460, and the chunk is discarded. */
    static final class ChecksumMismatch extends PermanentException {
        ChecksumMismatch(String algorithm) {
            super(
                    ErrorKind.CHECKSUM_MISMATCH,
                    "tus-checksum-mismatch",
                    "Checksum mismatch",
                    "the chunk's " + algorithm + " is not the one in Upload-Checksum; it was discarded");
        }
    }

    /** An unfinished upload past its expiry: 410; its bytes are gone or about to be. */
    static final class Expired extends PermanentException {
        Expired(String id) {
            super(ErrorKind.GONE, "tus-upload-expired", "Upload expired", "upload " + id + " expired; start again");
        }
    }

    /** An Upload-Length over the upload limit, or a chunk carrying more bytes than the upload declared: 413. */
    static final class TooLarge extends PermanentException {
        TooLarge(String detail) {
            super(ErrorKind.TOO_LARGE, "payload-too-large", "Upload too large", detail);
        }
    }
}
