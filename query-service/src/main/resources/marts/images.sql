-- marts.images: one row per image, upserted from the catalog's documents changed since the last refresh.
-- An erased image's row is deleted (its catalog document is a tombstone with status ERASED).
MERGE INTO iceberg.marts.images t
USING (
    SELECT
        i._id AS image_id,
        i.customer_id,
        i.source,
        coalesce(i.format, 'unknown') AS format,
        i.status,
        transform(i.reasons, r -> r.code) AS reason_codes,
        i.duplicate_of,
        -- the original's size as received (kept after retention expires the bronze object)
        i.bytes AS bronze_bytes,
        i.zones.silver.bytes AS silver_bytes,
        i.zones.silver.width AS silver_width,
        i.zones.silver.height AS silver_height,
        i.zones.silver.format AS silver_format,
        i.zones.gold IS NOT NULL AS in_gold,
        i.original.width AS original_width,
        i.original.height AS original_height,
        i.original.format AS original_format,
        CAST(i.captured_at AS timestamp(6)) AS captured_at,
        i.original.camera_make AS camera_make,
        i.original.camera_model AS camera_model,
        i.caption.language AS caption_language,
        CAST(cardinality(i.caption.tokens) AS integer) AS caption_tokens,
        i.tags,
        i.features.phash AS phash,
        i.features.blur AS blur,
        i.features.brightness AS brightness,
        i.features.contrast AS contrast,
        i.pipeline_version,
        CAST(i.source_time AS timestamp(6)) AS source_time,
        CAST(i.created_at AS timestamp(6)) AS received_at,
        CAST(i.normalized_at AS timestamp(6)) AS normalized_at,
        CAST(reduce(i.lineage, CAST(NULL AS timestamp(3)),
            (s, l) -> IF(l.event = 'ImagePromoted', greatest(coalesce(s, l.at), l.at), s), s -> s)
            AS timestamp(6)) AS promoted_at,
        CAST(reduce(i.lineage, CAST(NULL AS timestamp(3)),
            (s, l) -> IF(l.event = 'ImageRejected', greatest(coalesce(s, l.at), l.at), s), s -> s)
            AS timestamp(6)) AS rejected_at,
        to_milliseconds(i.normalized_at - i.created_at) AS upload_to_silver_ms,
        CAST(i.changed_at AS timestamp(6)) AS catalog_changed_at,
        i.status = 'ERASED' AS erased
    FROM :changes i
) s
ON t.image_id = s.image_id
WHEN MATCHED AND s.erased THEN DELETE
WHEN MATCHED THEN UPDATE SET
    customer_id = s.customer_id, source = s.source, format = s.format, status = s.status,
    reason_codes = s.reason_codes, duplicate_of = s.duplicate_of, bronze_bytes = s.bronze_bytes,
    silver_bytes = s.silver_bytes, silver_width = s.silver_width, silver_height = s.silver_height,
    silver_format = s.silver_format, in_gold = s.in_gold, original_width = s.original_width,
    original_height = s.original_height, original_format = s.original_format, captured_at = s.captured_at,
    camera_make = s.camera_make, camera_model = s.camera_model, caption_language = s.caption_language,
    caption_tokens = s.caption_tokens, tags = s.tags, phash = s.phash, blur = s.blur,
    brightness = s.brightness, contrast = s.contrast, pipeline_version = s.pipeline_version,
    source_time = s.source_time, received_at = s.received_at, normalized_at = s.normalized_at,
    promoted_at = s.promoted_at, rejected_at = s.rejected_at, upload_to_silver_ms = s.upload_to_silver_ms,
    catalog_changed_at = s.catalog_changed_at
WHEN NOT MATCHED AND NOT s.erased THEN INSERT VALUES (
    s.image_id, s.customer_id, s.source, s.format, s.status, s.reason_codes, s.duplicate_of, s.bronze_bytes,
    s.silver_bytes, s.silver_width, s.silver_height, s.silver_format, s.in_gold, s.original_width,
    s.original_height, s.original_format, s.captured_at, s.camera_make, s.camera_model, s.caption_language,
    s.caption_tokens, s.tags, s.phash, s.blur, s.brightness, s.contrast, s.pipeline_version, s.source_time,
    s.received_at, s.normalized_at, s.promoted_at, s.rejected_at, s.upload_to_silver_ms, s.catalog_changed_at)
