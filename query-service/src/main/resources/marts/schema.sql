-- The gold marts' tables: Iceberg in the gold bucket under marts/, created once (idempotent).
-- Documented column by column in docs/analytics.md. Timestamps are UTC.
CREATE SCHEMA IF NOT EXISTS iceberg.marts WITH (location = 's3://gold/marts');

-- one row per image, as the catalog knows it now (upserted as the image moves through the zones)
CREATE TABLE IF NOT EXISTS iceberg.marts.images (
    image_id varchar NOT NULL,
    customer_id varchar NOT NULL,
    source varchar,
    format varchar,
    status varchar,
    reason_codes array(varchar),
    duplicate_of varchar,
    bronze_bytes bigint,
    silver_bytes bigint,
    silver_width integer,
    silver_height integer,
    silver_format varchar,
    in_gold boolean,
    original_width integer,
    original_height integer,
    original_format varchar,
    captured_at timestamp(6),
    camera_make varchar,
    camera_model varchar,
    caption_language varchar,
    caption_tokens integer,
    tags array(varchar),
    phash varchar,
    blur double,
    brightness double,
    contrast double,
    pipeline_version varchar,
    source_time timestamp(6),
    received_at timestamp(6),
    normalized_at timestamp(6),
    promoted_at timestamp(6),
    rejected_at timestamp(6),
    upload_to_silver_ms bigint,
    catalog_changed_at timestamp(6)
) WITH (partitioning = ARRAY['day(received_at)']);

-- one row per lineage transition of an image still in the lake
CREATE TABLE IF NOT EXISTS iceberg.marts.image_events (
    image_id varchar NOT NULL,
    customer_id varchar NOT NULL,
    event_key varchar NOT NULL,
    event varchar,
    from_zone varchar,
    to_zone varchar,
    pipeline_version varchar,
    at timestamp(6)
) WITH (partitioning = ARRAY['day(at)']);

-- one row per rejected image and reason code
CREATE TABLE IF NOT EXISTS iceberg.marts.rejections (
    image_id varchar NOT NULL,
    customer_id varchar NOT NULL,
    reason_code varchar NOT NULL,
    detail varchar,
    duplicate_of varchar,
    pipeline_version varchar,
    received_at timestamp(6),
    rejected_at timestamp(6)
);

-- images and bytes per day the lake received them, tenant, source, format and current status
CREATE TABLE IF NOT EXISTS iceberg.marts.daily_stats (
    day date NOT NULL,
    customer_id varchar NOT NULL,
    source varchar NOT NULL,
    format varchar NOT NULL,
    status varchar NOT NULL,
    images bigint,
    bytes bigint
) WITH (partitioning = ARRAY['month(day)']);

-- one row per dataset version (what trainers pulled: its split, size and state)
CREATE TABLE IF NOT EXISTS iceberg.marts.datasets (
    dataset_id varchar NOT NULL,
    customer_id varchar NOT NULL,
    name varchar,
    version bigint,
    state varchar,
    split_train double,
    split_validation double,
    split_test double,
    images bigint,
    skipped bigint,
    bytes bigint,
    train_images bigint,
    validation_images bigint,
    test_images bigint,
    created_at timestamp(6),
    published_at timestamp(6),
    deleted_at timestamp(6)
);

-- one row per image a dataset version holds
CREATE TABLE IF NOT EXISTS iceberg.marts.dataset_members (
    customer_id varchar NOT NULL,
    dataset_id varchar NOT NULL,
    name varchar,
    version bigint,
    image_id varchar NOT NULL
);

-- every refresh that applied changes: when its read started (the next one reads changes from there, minus a
-- lookback), how many changed documents it read, how long it took
CREATE TABLE IF NOT EXISTS iceberg.marts.refresh_log (
    refreshed_at timestamp(6) NOT NULL,
    watermark timestamp(6) NOT NULL,
    changed_images bigint,
    duration_ms bigint
);
