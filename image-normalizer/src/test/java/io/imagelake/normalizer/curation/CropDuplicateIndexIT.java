package io.imagelake.normalizer.curation;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.contracts.ObjectKeys;
import io.imagelake.devstack.Endpoints;
import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.normalizer.features.CropSignature;
import io.imagelake.normalizer.imaging.Images;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.imagelake.testing.MutableClock;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The crop index of two normalizer instances sharing a real S3 server. */
class CropDuplicateIndexIT {

    private final Endpoints endpoints = LakeInfra.start(InfraPart.S3);
    private final MinioClient s3 = endpoints.s3Client();
    private final String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    private final BufferedImage picture = SyntheticImages.picture(31, 1600, 1200, false);

    @Test
    void anInstanceStartedLaterFindsTheCropOfAnImageAnotherInstanceIndexed() throws Exception {
        CropDuplicateIndex first = index(Duration.ofHours(1), Clock.systemUTC());
        first.add(tenant, "original", signature(picture).centre());

        CropDuplicateIndex restarted = index(Duration.ofHours(1), Clock.systemUTC());
        var match = restarted.nearestEarlier(tenant, "crop", signature(picture.getSubimage(80, 60, 1440, 1080)));

        assertThat(match).get().extracting(CropDuplicateIndex.Match::imageId).isEqualTo("original");
        assertThat(match.get().correlation()).isGreaterThanOrEqualTo(0.85);
        assertThat(restarted.nearestEarlier(
                        "other-" + tenant, "crop", signature(picture.getSubimage(80, 60, 1440, 1080))))
                .as("tenants do not see each other's images")
                .isEmpty();
    }

    @Test
    void whatAnotherRunningInstanceAddsIsSeenAfterTheSyncInterval() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        CropDuplicateIndex a = index(Duration.ofSeconds(5), clock);
        CropDuplicateIndex b = index(Duration.ofSeconds(5), clock);
        CropSignature crop = signature(picture.getSubimage(0, 0, 1500, 1125));
        assertThat(a.nearestEarlier(tenant, "crop", crop))
                .as("nothing indexed yet")
                .isEmpty();

        b.add(tenant, "original", signature(picture).centre());

        assertThat(a.nearestEarlier(tenant, "crop", crop))
                .as("within the sync interval")
                .isEmpty();
        clock.advance(Duration.ofSeconds(6));
        assertThat(earliest(a, "crop", crop)).isEqualTo("original");
    }

    @Test
    void aTenantIdleForHoursIsListedWholeAgainAndSeesWhatOthersAddedMeanwhile() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        CropDuplicateIndex a = index(Duration.ofSeconds(5), clock);
        CropSignature crop = signature(picture.getSubimage(0, 0, 1500, 1125));
        assertThat(a.nearestEarlier(tenant, "crop", crop)).isEmpty();

        // another instance, whose clock says hours later, indexes the original
        MutableClock later = new MutableClock(clock.instant().plus(Duration.ofHours(5)));
        index(Duration.ofSeconds(5), later)
                .add(tenant, "original", signature(picture).centre());
        clock.advance(Duration.ofHours(5).plusSeconds(10));

        assertThat(earliest(a, "crop", crop)).isEqualTo("original");
    }

    @Test
    void anUnrelatedPictureIsNoCandidateAndTheImageItselfIsNotItsOwnDuplicate() throws Exception {
        CropDuplicateIndex index = index(Duration.ofHours(1), Clock.systemUTC());
        index.add(tenant, "original", signature(picture).centre());
        index.add(tenant, "original", signature(picture).centre());

        assertThat(index.nearestEarlier(tenant, "other", signature(SyntheticImages.picture(32, 1600, 1200, false))))
                .isEmpty();
        assertThat(index.nearestEarlier(tenant, "original", signature(picture))).isEmpty();
    }

    @Test
    void aReprocessedOriginalIsNotADuplicateOfItsLaterCropButTheCropStillIsOfIt() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        CropDuplicateIndex index = index(Duration.ofHours(1), clock);
        CropSignature original = signature(picture);
        CropSignature crop = signature(picture.getSubimage(80, 60, 1440, 1080));
        index.add(tenant, "original", original.centre());
        clock.advance(Duration.ofSeconds(2));
        index.add(tenant, "crop", crop.centre());

        assertThat(index.nearestEarlier(tenant, "original", original)).isEmpty();
        assertThat(earliest(index, "crop", crop)).isEqualTo("original");
    }

    @Test
    void anImageWhoseCentrePatchIsGoneIsNoLongerAnythingsOriginalUntilReprocessed() throws Exception {
        CropDuplicateIndex index = index(Duration.ofHours(1), Clock.systemUTC());
        index.add(tenant, "original", signature(picture).centre());
        CropSignature crop = signature(picture.getSubimage(80, 60, 1440, 1080));
        assertThat(index.nearestEarlier(tenant, "crop", crop)).isPresent();

        // what the catalog's erasure does beside the silver rendition
        s3.removeObject(RemoveObjectArgs.builder()
                .bucket("silver")
                .object(ObjectKeys.cropCentre(tenant, "original"))
                .build());

        assertThat(index.nearestEarlier(tenant, "crop", crop)).isEmpty();

        // reprocessed after the silver sweep: silver and the patch come back, the entry keeps its time
        index.add(tenant, "original", signature(picture).centre());
        assertThat(earliest(index, "crop", crop)).isEqualTo("original");
    }

    /** The image the index names as the earlier one, or null. */
    private String earliest(CropDuplicateIndex index, String imageId, CropSignature signature) throws Exception {
        return index.nearestEarlier(tenant, imageId, signature)
                .map(CropDuplicateIndex.Match::imageId)
                .orElse(null);
    }

    private CropDuplicateIndex index(Duration syncInterval, Clock clock) throws Exception {
        IndexFixtures fixtures = IndexFixtures.on(endpoints);
        return new CropDuplicateIndex(
                s3, fixtures.objects(), fixtures.storage(), IndexFixtures.dedupe(syncInterval), clock);
    }

    private static CropSignature signature(BufferedImage image) {
        return CropSignature.of(Images.fitWithin(image, 1024));
    }
}
