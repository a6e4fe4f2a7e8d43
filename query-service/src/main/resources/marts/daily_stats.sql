-- marts.daily_stats: images and bytes per day received, tenant, source, format and status, recomputed
-- from marts.images (refreshed just before) for every day an image changed since the last refresh touched. A
-- group that no longer has images (they moved on to another status, or were erased) is deleted.
MERGE INTO iceberg.marts.daily_stats t
USING (
    WITH touched AS (
        SELECT DISTINCT customer_id, CAST(created_at AS date) AS day
        FROM :changes
        WHERE created_at IS NOT NULL
    ),
    current AS (
        SELECT CAST(i.received_at AS date) AS day, i.customer_id, coalesce(i.source, 'unknown') AS source,
            i.format, coalesce(i.status, 'unknown') AS status,
            count(*) AS images, coalesce(sum(i.bronze_bytes), 0) AS bytes
        FROM iceberg.marts.images i
        JOIN touched d ON d.customer_id = i.customer_id AND d.day = CAST(i.received_at AS date)
        GROUP BY 1, 2, 3, 4, 5
    ),
    stored AS (
        SELECT s.day, s.customer_id, s.source, s.format, s.status
        FROM iceberg.marts.daily_stats s
        JOIN touched d ON d.customer_id = s.customer_id AND d.day = s.day
    )
    SELECT
        coalesce(n.day, o.day) AS day,
        coalesce(n.customer_id, o.customer_id) AS customer_id,
        coalesce(n.source, o.source) AS source,
        coalesce(n.format, o.format) AS format,
        coalesce(n.status, o.status) AS status,
        n.images, n.bytes,
        n.day IS NULL AS gone
    FROM current n
    FULL OUTER JOIN stored o
        ON n.day = o.day AND n.customer_id = o.customer_id AND n.source = o.source AND n.format = o.format
            AND n.status = o.status
) s
ON t.day = s.day AND t.customer_id = s.customer_id AND t.source = s.source AND t.format = s.format
    AND t.status = s.status
WHEN MATCHED AND s.gone THEN DELETE
WHEN MATCHED THEN UPDATE SET images = s.images, bytes = s.bytes
WHEN NOT MATCHED AND NOT s.gone THEN INSERT VALUES (s.day, s.customer_id, s.source, s.format, s.status, s.images, s.bytes)
