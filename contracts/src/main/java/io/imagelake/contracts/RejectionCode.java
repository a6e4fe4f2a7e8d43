package io.imagelake.contracts;

/**
 * Why the normalizer rejected an image or marked it a duplicate: the stable codes of {@link Reason},
 * which analysts group by and clients branch on. On the wire a code stays a string, so a consumer
 * reads the codes of a newer producer it does not know yet.
 */
public enum RejectionCode {
    /** No bytes. */
    EMPTY,
    /** No decoder recognises the bytes. */
    UNSUPPORTED_FORMAT,
    /** A format variant the decoders refuse (e.g. arithmetic-coded or 12-bit JPEG). */
    UNSUPPORTED_ENCODING,
    /** The bytes end before the image does. */
    TRUNCATED,
    /** The bytes cannot be decoded. */
    CORRUPT,
    /** Over the input, pixel or dimension limits, or the decode memory budget. */
    TOO_LARGE,
    /** Decoding took longer than allowed. */
    DECODE_TIMEOUT,
    /** A quality gate: the short edge is below the minimum. */
    TOO_SMALL,
    /** A quality gate: the sharpness is below the minimum. */
    TOO_BLURRY,
    /** A quality gate: a caption is required and there is none. */
    NO_CAPTION,
    /** A quality gate: the caption has too few tokens. */
    TOO_FEW_TOKENS,
    /** A quality gate: the caption's language is not an allowed one. */
    LANGUAGE_NOT_ALLOWED,
    /** The same bytes as an earlier image of the tenant. */
    DUPLICATE,
    /** The same picture as an earlier image (perceptual hash, or cropped differently). */
    NEAR_DUPLICATE
}
