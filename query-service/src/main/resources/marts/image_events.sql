-- marts.image_events: one row per lineage transition, for the images changed since the last refresh. Lineage
-- only grows, except that an erased image's rows all go: the source is the changed images' current
-- transitions joined with the rows the mart holds for them, and a row with no current transition
-- is deleted.
MERGE INTO iceberg.marts.image_events t
USING (
    WITH changed AS (
        SELECT _id, customer_id, status, lineage
        FROM :changes
    ),
    now_held AS (
        SELECT
            c._id AS image_id,
            c.customer_id,
            coalesce(l.event_id, l.event || '@' || to_iso8601(l.at) || '@' || coalesce(l."from", '')) AS event_key,
            l.event,
            l."from" AS from_zone,
            l."to" AS to_zone,
            l.pipeline_version,
            CAST(l.at AS timestamp(6)) AS at
        FROM changed c
        CROSS JOIN UNNEST(c.lineage) AS l(event, event_id, "from", "to", pipeline_version, at)
        WHERE c.status <> 'ERASED'
    ),
    current AS (
        SELECT image_id, event_key, arbitrary(customer_id) AS customer_id, arbitrary(event) AS event,
            arbitrary(from_zone) AS from_zone, arbitrary(to_zone) AS to_zone,
            arbitrary(pipeline_version) AS pipeline_version, arbitrary(at) AS at
        FROM now_held
        GROUP BY image_id, event_key
    ),
    stored AS (
        SELECT image_id, event_key
        FROM iceberg.marts.image_events
        WHERE image_id IN (SELECT _id FROM changed)
    )
    SELECT
        coalesce(n.image_id, o.image_id) AS image_id,
        coalesce(n.event_key, o.event_key) AS event_key,
        n.customer_id, n.event, n.from_zone, n.to_zone, n.pipeline_version, n.at,
        n.image_id IS NULL AS gone
    FROM current n
    FULL OUTER JOIN stored o ON n.image_id = o.image_id AND n.event_key = o.event_key
) s
ON t.image_id = s.image_id AND t.event_key = s.event_key
WHEN MATCHED AND s.gone THEN DELETE
WHEN NOT MATCHED AND NOT s.gone THEN INSERT VALUES (
    s.image_id, s.customer_id, s.event_key, s.event, s.from_zone, s.to_zone, s.pipeline_version, s.at)
