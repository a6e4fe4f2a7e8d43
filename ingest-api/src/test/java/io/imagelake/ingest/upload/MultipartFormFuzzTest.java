package io.imagelake.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.imagelake.ingest.bronze.MetadataParser;
import io.imagelake.support.errors.InvalidRequestException;
import jakarta.validation.Validation;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.tomcat.util.http.fileupload.FileItem;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.UploadContext;
import org.apache.tomcat.util.http.fileupload.disk.DiskFileItemFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any upload body under any multipart content type, through the parser the servlet container runs
 * (Tomcat's FileUpload, with a part count, part header and size limits as the connector sets them) and then
 * the upload's own reading of the parts: a form, or a refusal the problem handler answers with 400 or 413
 * (a FileUploadException, an InvalidRequestException), never another exception, a hang or unbounded memory.
 * Parts above the threshold spill to disk, as in the service, so that path is fuzzed too.
 */
class MultipartFormFuzzTest {

    private static final int FILE_SIZE_MAX = 64 * 1024;
    private static final int REQUEST_SIZE_MAX = 96 * 1024;
    private static final File SPILL_DIR = spillDir();
    private static final MetadataParser METADATA = new MetadataParser(
            JsonMapper.builder().build(),
            Validation.buildDefaultValidatorFactory().getValidator());

    @FuzzTest(maxDuration = "5s")
    void anyBodyIsAFormOrARefusalWithAClientError(FuzzedDataProvider data) {
        String contentType = data.pickValue(new String[] {"multipart/form-data; boundary=", "multipart/form-data", ""})
                + data.consumeString(96);
        // a Content-Length, or none (a chunked request)
        boolean chunked = data.consumeBoolean();
        byte[] body = data.consumeRemainingAsBytes();
        FileUpload upload = new FileUpload();
        upload.setFileItemFactory(new DiskFileItemFactory(1024, SPILL_DIR));
        upload.setFileSizeMax(FILE_SIZE_MAX);
        upload.setSizeMax(REQUEST_SIZE_MAX);
        // Spring Boot's defaults for Tomcat (server.tomcat.max-part-count, max-part-header-size), which the service
        // keeps
        upload.setFileCountMax(50);
        upload.setPartHeaderSizeMax(512);
        List<FileItem> parts;
        try {
            parts = upload.parseRequest(new Body(contentType, body, chunked ? -1 : body.length));
        } catch (FileUploadException | RuntimeException refused) {
            // Spring wraps whatever the container's parser throws in a MultipartException: 400 (413 for a size
            // limit) as problem+json. That this holds for the RuntimeExceptions found here (a NUL in a file name,
            // an empty boundary) UploadIT checks over HTTP; what this test is after is a hang, an Error or a part
            // beyond its limits.
            return;
        }
        try {
            long total = 0;
            for (FileItem part : parts) {
                total += part.getSize();
                assertThat(part.getSize()).isLessThanOrEqualTo(FILE_SIZE_MAX);
                if ("metadata".equals(part.getFieldName())) {
                    metadataOf(part);
                }
            }
            assertThat(total).isLessThanOrEqualTo(REQUEST_SIZE_MAX);
        } finally {
            parts.forEach(FileItem::delete);
        }
    }

    private static void metadataOf(FileItem part) {
        try {
            METADATA.parse(part.get());
        } catch (InvalidRequestException refused) {
            assertThat(refused.errors()).isNotEmpty();
        }
    }

    private static File spillDir() {
        try {
            File dir = Files.createTempDirectory("fuzz-multipart-").toFile();
            dir.deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Body(String contentType, byte[] bytes, long contentLength) implements UploadContext {
        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(bytes);
        }
    }
}
