package io.imagelake.ingest.imports;

import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.Source;
import io.imagelake.ingest.bronze.BronzeIngestor;
import io.imagelake.ingest.bronze.ImageMetadata;
import io.imagelake.ingest.format.ImageFormat;
import io.imagelake.ingest.upload.UploadProperties;
import io.imagelake.support.storage.ContentDigest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * One file of an import into bronze. Ids are derived from (tenant, job, file) and the bytes, and
 * the bronze key from the job's creation time, so a file processed again after a resume is the
 * same image with the same event, never a second one.
 */
@Component
public class ImportFileProcessor {

    private final BronzeIngestor ingestor;
    private final UploadProperties limits;

    public ImportFileProcessor(BronzeIngestor ingestor, UploadProperties limits) {
        this.ingestor = ingestor;
        this.limits = limits;
    }

    public long maxFileBytes() {
        return limits.maxBytes().toBytes();
    }

    /**
     * The outcome for {@code file}; {@code identity} names it uniquely within the job (the image id
     * derives from it); {@code bytes} is null when the file was larger than the limit.
     */
    public Result process(ImportJob job, String file, String identity, byte[] bytes) {
        if (bytes == null) {
            return Result.failed(file, "TOO_LARGE", "larger than " + limits.maxBytes());
        }
        if (bytes.length == 0) {
            return Result.skipped(file, "EMPTY", "the file is empty");
        }
        Optional<ImageFormat> format = ImageFormat.detect(bytes);
        if (format.isEmpty()) {
            return Result.skipped(file, "UNSUPPORTED_FORMAT", "not an image of a supported format");
        }
        String imageId = ImageIds.forImport(job.customerId(), job.jobId(), identity);
        String sha256 = ContentDigest.sha256(bytes);
        String eventId = UUID.nameUUIDFromBytes((imageId + "/" + sha256).getBytes(StandardCharsets.UTF_8))
                .toString();
        ingestor.ingest(new BronzeIngestor.Ingest(
                job.customerId(),
                imageId,
                eventId,
                Source.IMPORT,
                () -> new ByteArrayInputStream(bytes),
                bytes.length,
                sha256,
                format.get(),
                null,
                new ImageMetadata(
                        null, List.of("import:" + job.jobId()), null, null, Map.of("import-file", truncate(file))),
                job.createdAt()));
        return new Result(ImportJob.Outcome.IMPORTED, bytes.length, null);
    }

    private static String truncate(String file) {
        return file.length() <= 1024 ? file : file.substring(file.length() - 1024);
    }

    /** What became of a file. */
    public record Result(ImportJob.Outcome outcome, long bytes, ImportJob.Failure failure) {
        static Result skipped(String file, String code, String detail) {
            return new Result(ImportJob.Outcome.SKIPPED, 0, new ImportJob.Failure(file, code, detail));
        }

        public static Result failed(String file, String code, String detail) {
            return new Result(ImportJob.Outcome.FAILED, 0, new ImportJob.Failure(file, code, detail));
        }
    }
}
