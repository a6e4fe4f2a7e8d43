package io.imagelake.normalizer.curation;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.devstack.Endpoints;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The whole-frame index of normalizer instances sharing a real S3 server, as a tenant's burst of alike photos
 * spreads over them: every interleaving of two instances indexing and looking makes exactly one of two alike
 * images the duplicate of the other.
 */
class NearDuplicateIndexIT {

    private static final String PHASH = "f0f0f0f0f0f0f0f0";
    /** Two bits away: within the default distance (8). */
    private static final String ALIKE = "f0f0f0f0f0f0f0f3";

    private final Endpoints endpoints = LakeInfra.start(InfraPart.S3);
    private final MinioClient s3 = endpoints.s3Client();
    private final String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void twoAlikeImagesCheckedAtOnceOnTwoInstancesMakeExactlyOneTheDuplicateOfTheOther() throws Exception {
        NearDuplicateIndex a = index();
        NearDuplicateIndex b = index();

        rendered("img-a", "img-b");
        // the interleaving where looking first found nothing for either: both index before either looks
        a.add(tenant, "img-a", PHASH);
        b.add(tenant, "img-b", ALIKE);
        Optional<String> ofA = a.nearestEarlier(tenant, "img-a", PHASH);
        Optional<String> ofB = b.nearestEarlier(tenant, "img-b", ALIKE);

        assertThat(ofA.isPresent() ^ ofB.isPresent())
                .as("exactly one duplicate: %s, %s", ofA, ofB)
                .isTrue();
        assertThat(ofA.or(() -> ofB))
                .hasValueSatisfying(first -> assertThat(first).isIn("img-a", "img-b"));
    }

    @Test
    void oneAfterTheOtherTheLaterIsTheDuplicateAndReindexingKeepsTheEarliersPlace() throws Exception {
        NearDuplicateIndex a = index();
        NearDuplicateIndex b = index();

        rendered("a-first", "b-later");
        assertThat(a.indexAndFindEarlier(tenant, "a-first", PHASH)).isEmpty();
        assertThat(b.indexAndFindEarlier(tenant, "b-later", ALIKE)).contains("a-first");
        assertThat(a.indexAndFindEarlier(tenant, "a-first", PHASH))
                .as("the first image, reprocessed")
                .isEmpty();
        assertThat(a.indexAndFindEarlier("other-" + tenant, "c", PHASH))
                .as("tenants do not see each other's images")
                .isEmpty();
    }

    /** Their silver renditions: an image without one is an erased image, which is nobody's original. */
    private void rendered(String... imageIds) throws Exception {
        for (String imageId : imageIds) {
            s3.putObject(PutObjectArgs.builder().bucket("silver").object(tenant + "/" + imageId + "/v1.jpg").stream(
                            new ByteArrayInputStream(new byte[] {1}), 1, -1)
                    .build());
        }
    }

    private NearDuplicateIndex index() throws Exception {
        IndexFixtures fixtures = IndexFixtures.on(endpoints);
        return new NearDuplicateIndex(
                s3,
                fixtures.objects(),
                fixtures.storage(),
                IndexFixtures.dedupe(Duration.ofSeconds(5)),
                new ErasedImages(s3, fixtures.storage(), new SimpleMeterRegistry()));
    }
}
