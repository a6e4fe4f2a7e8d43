-- marts.datasets: one row per dataset version, from the catalog's dataset versions (dataset_changes.sql).
-- Versions are never removed from the catalog, only marked DELETED, so the rows that differ are all there is to apply.
MERGE INTO iceberg.marts.datasets t
USING (:dataset_changes) s
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
