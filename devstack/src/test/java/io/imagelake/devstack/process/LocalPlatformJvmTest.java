package io.imagelake.devstack.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.devstack.StackLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPlatformJvmTest {

    @TempDir
    Path repo;

    private final String jars = "/m2/kafka-server-4.1.0.jar:/m2/kafka-clients-4.1.0.jar";

    @Test
    void aPartWithoutACacheRunsC1OnlyAndTrainsOneThatItsExitWrites() {
        List<String> options = LocalPlatformJvm.options(StackLayout.forRepo(repo), "kafka", jars);

        assertThat(options).hasSize(3).startsWith("-XX:TieredStopAtLevel=1", "-XX:+UseCompactObjectHeaders");
        assertThat(options.get(2)).startsWith("-XX:AOTCacheOutput=" + repo.resolve(".lake/aot/kafka-"));
    }

    @Test
    void aPartWithACacheMapsItAndTrainsNoMore() throws IOException {
        Path cache = LocalPlatformJvm.cacheFor(StackLayout.forRepo(repo), "kafka", jars);
        Files.writeString(cache, "trained");

        assertThat(LocalPlatformJvm.options(StackLayout.forRepo(repo), "kafka", jars))
                .containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseCompactObjectHeaders", "-XX:AOTCache=" + cache);
    }

    @Test
    void anotherClassPathTrainsACacheOfItsOwnAndTheOlderOneIsRemoved() throws IOException {
        Path before = LocalPlatformJvm.cacheFor(StackLayout.forRepo(repo), "kafka", jars);
        Files.writeString(before, "trained");
        Path trino = LocalPlatformJvm.cacheFor(StackLayout.forRepo(repo), "trino", "/trino/lib/*");
        Files.writeString(trino, "trained");

        Path after = LocalPlatformJvm.cacheFor(StackLayout.forRepo(repo), "kafka", jars.replace("4.1.0", "4.2.0"));

        assertThat(after).isNotEqualTo(before).doesNotExist();
        assertThat(before).doesNotExist();
        assertThat(trino).exists();
    }

    @Test
    void aClassPathWithADirectoryGetsNoCacheWhichCannotHoldItsClasses() {
        assertThat(LocalPlatformJvm.options(StackLayout.forRepo(repo), "mongo", "/repo/target/classes:" + jars))
                .containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseCompactObjectHeaders");
    }
}
