package io.imagelake.ingest.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;

/**
 * An uploaded zip, read by random access (commons-compress's ZipFile, from a local copy): its central directory
 * states each entry's size, so an entry over the limit is skipped without being inflated, and one entry's damage
 * does not end the others. Whatever the bytes, the zip opens or is {@link ImportRunner.InvalidZipException} (the
 * job fails), and each entry reads as its bytes, too large, or damaged: never an exception the import worker would
 * take for an outage and retry for ever.
 */
final class ZipEntries implements AutoCloseable {

    private final ZipFile zip;
    private final List<ZipArchiveEntry> entries;

    private ZipEntries(ZipFile zip, List<ZipArchiveEntry> entries) {
        this.zip = zip;
        this.entries = entries;
    }

    static ZipEntries open(Path local, int maxEntries) {
        ZipFile zip;
        // our own channel, closed here when the zip cannot be read: ZipFile's builder, given a path, leaves its
        // channel open when the central directory is unreadable (one file descriptor per bad upload, found by
        // ZipEntriesFuzzTest as "Too many open files")
        SeekableByteChannel channel;
        try {
            channel = Files.newByteChannel(local, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local copy of the zip", e);
        }
        try {
            zip = ZipFile.builder().setSeekableByteChannel(channel).get();
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new ImportRunner.InvalidZipException("not a readable zip: " + e.getMessage());
        }
        try {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntriesInPhysicalOrder());
            if (entries.size() > maxEntries) {
                throw new ImportRunner.InvalidZipException("more than " + maxEntries + " entries");
            }
            return new ZipEntries(zip, entries);
        } catch (RuntimeException e) {
            ZipFile.closeQuietly(zip);
            throw e instanceof ImportRunner.InvalidZipException invalid
                    ? invalid
                    : new ImportRunner.InvalidZipException("not a readable zip: " + e.getMessage());
        }
    }

    /** Every entry, directories included, in the order they are stored (an entry's index is its identity). */
    List<ZipArchiveEntry> entries() {
        return entries;
    }

    /** An entry's bytes, or why there are none: {@code tooLarge} over {@code limit}, else {@code damage}. */
    record Content(byte[] bytes, boolean tooLarge, String damage) {}

    /**
     * The compression methods read here: what zip tools write, and what commons-compress decodes by itself. XZ, LZMA
     * and Zstandard need optional libraries we do not ship: asked for them, it threw NoClassDefFoundError, an Error
     * the worker would not take for a damaged entry (found by ZipEntriesFuzzTest).
     */
    private static final Set<Integer> READABLE_METHODS = Set.of(
            ZipMethod.STORED.getCode(),
            ZipMethod.DEFLATED.getCode(),
            ZipMethod.ENHANCED_DEFLATED.getCode(),
            ZipMethod.BZIP2.getCode());

    Content read(ZipArchiveEntry entry, long limit) {
        if (entry.getSize() > limit) {
            return new Content(null, true, null);
        }
        if (!READABLE_METHODS.contains(entry.getMethod())) {
            return new Content(null, false, "compression method " + entry.getMethod() + " is not supported");
        }
        try (InputStream raw = zip.getInputStream(entry);
                CheckedInputStream in = new CheckedInputStream(raw, new CRC32())) {
            // a stated size that lies is still stopped at limit + 1 bytes
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                return new Content(null, true, null);
            }
            if (entry.getCrc() >= 0 && in.getChecksum().getValue() != entry.getCrc()) {
                return new Content(null, false, "its CRC does not match its bytes");
            }
            return new Content(bytes, false, null);
        } catch (IOException | RuntimeException damaged) {
            // a bad deflate stream or an unsupported method is the zip's fault, never an outage
            return new Content(null, false, String.valueOf(damaged.getMessage()));
        }
    }

    @Override
    public void close() {
        ZipFile.closeQuietly(zip);
    }

    private static void closeQuietly(SeekableByteChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written: nothing to lose
        }
    }
}
