package io.imagelake.catalog.datasets;

import io.imagelake.support.storage.ContentDigest;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * One WebDataset shard: a POSIX tar of {@code <id>.jpg}, {@code <id>.txt} (the caption) and
 * {@code <id>.json} (the manifest line) per image, written to a local file so memory stays
 * bounded whatever the shard size. Headers carry no host, user or clock facts (uid/gid 0, no
 * names, mtime = when the image entered gold), so rebuilding a version yields identical bytes.
 */
public final class ShardWriter implements Closeable {

    private final Path file;
    private final MessageDigest sha256;
    private final TarArchiveOutputStream tar;
    private int images;
    private boolean closed;

    public ShardWriter(Path file) throws IOException {
        this.file = file;
        this.sha256 = ContentDigest.newDigest();
        this.tar = new TarArchiveOutputStream(
                new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), sha256),
                StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** What a closed shard is: its file, digest, size and image count. */
    public record Shard(Path file, String sha256, long bytes, int images) {}

    public void add(String imageId, byte[] jpeg, String caption, byte[] metadataJson, Instant modified)
            throws IOException {
        entry(imageId + ".jpg", jpeg, modified);
        entry(imageId + ".txt", (caption == null ? "" : caption).getBytes(StandardCharsets.UTF_8), modified);
        entry(imageId + ".json", metadataJson, modified);
        images++;
    }

    public int images() {
        return images;
    }

    /** Bytes written so far (what the shard's size will be, give or take the tar trailer). */
    public long bytes() {
        return tar.getBytesWritten();
    }

    private void entry(String name, byte[] content, Instant modified) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        entry.setMode(0644);
        entry.setModTime(modified.toEpochMilli());
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    public Shard finish() throws IOException {
        close();
        return new Shard(file, HexFormat.of().formatHex(sha256.digest()), Files.size(file), images);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            tar.close();
        }
    }
}
