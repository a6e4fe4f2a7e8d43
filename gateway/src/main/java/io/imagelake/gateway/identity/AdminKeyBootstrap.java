package io.imagelake.gateway.identity;

import io.imagelake.contracts.Scopes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * A local platform's first admin key: when {@code lake.security.keys.bootstrap-admin-file} is set
 * and that file does not exist, an admin key is created and its secret written there, readable by
 * its owner only. The log names the file, never the secret. {@code ./lake keys} reads it.
 */
@Component
public class AdminKeyBootstrap implements ApplicationRunner {

    /** The tenant an admin key names: admin operations act on no tenant's data. */
    public static final String ADMIN_TENANT = "lake-admin";

    private static final Logger log = LoggerFactory.getLogger(AdminKeyBootstrap.class);

    private final ApiKeys keys;
    private final IdentityProperties properties;

    public AdminKeyBootstrap(ApiKeys keys, IdentityProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        String file = properties.keys().bootstrapAdminFile();
        if (file == null || file.isBlank() || Files.exists(Path.of(file))) {
            return;
        }
        ApiKeys.Created created = keys.create(ADMIN_TENANT, List.of(Scopes.ADMIN), "bootstrap admin")
                .block(Duration.ofSeconds(30));
        Path path = Path.of(file);
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Path written = Files.writeString(
                    Files.createTempFile(path.toAbsolutePath().getParent(), ".admin", ".key"), created.secret() + "\n");
            try {
                Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the directory's ACL applies
            }
            Files.move(written, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bootstrap admin key to " + file, e);
        }
        log.warn(
                "created admin key {} and wrote its secret to {} (readable by its owner only)",
                created.key().id(),
                path.toAbsolutePath());
    }
}
