-- The catalog's dataset versions as rows of marts.datasets, column for column (a small collection: read whole), that
-- the mart does not hold as they are: new versions and changed ones. An unchanged version is not rewritten every refresh.
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
EXCEPT
SELECT * FROM iceberg.marts.datasets
