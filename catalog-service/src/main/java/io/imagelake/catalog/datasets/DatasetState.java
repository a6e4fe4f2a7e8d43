package io.imagelake.catalog.datasets;

/** A dataset version's life: built once, then immutable until deleted. */
public enum DatasetState {
    /** shards are being written; nothing of the version is served yet */
    BUILDING,
    /** every shard and the manifest are stored; the version serves the same bytes from now on */
    PUBLISHED,
    /** the build failed {@code lake.catalog.datasets.max-attempts} times */
    FAILED,
    /** deleted by the tenant: its objects are gone and its images no longer held back from retention */
    DELETED
}
