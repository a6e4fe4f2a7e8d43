-- marts.datasets: one row per dataset version, from the catalog's dataset versions (a small collection:
-- read whole every refresh). Versions are never removed from the catalog, only marked DELETED.
MERGE INTO iceberg.marts.datasets t
USING (
    SELECT
        d._id AS dataset_id,
        d.customer_id,
        d.name,
        d.version,
        d.state,
        d.split.train AS split_train,
        d.split.validation AS split_validation,
        d.split.test AS split_test,
        d.images,
        d.skipped,
        d.bytes,
        d.split_counts.train AS train_images,
        d.split_counts.validation AS validation_images,
        d.split_counts.test AS test_images,
        CAST(d.created_at AS timestamp(6)) AS created_at,
        CAST(d.published_at AS timestamp(6)) AS published_at,
        CAST(d.deleted_at AS timestamp(6)) AS deleted_at
    FROM mongodb.lake.datasets d
) s
ON t.dataset_id = s.dataset_id
WHEN MATCHED THEN UPDATE SET
    customer_id = s.customer_id, name = s.name, version = s.version, state = s.state,
    split_train = s.split_train, split_validation = s.split_validation, split_test = s.split_test,
    images = s.images, skipped = s.skipped, bytes = s.bytes, train_images = s.train_images,
    validation_images = s.validation_images, test_images = s.test_images, created_at = s.created_at,
    published_at = s.published_at, deleted_at = s.deleted_at
WHEN NOT MATCHED THEN INSERT VALUES (
    s.dataset_id, s.customer_id, s.name, s.version, s.state, s.split_train, s.split_validation, s.split_test,
    s.images, s.skipped, s.bytes, s.train_images, s.validation_images, s.test_images, s.created_at,
    s.published_at, s.deleted_at)
