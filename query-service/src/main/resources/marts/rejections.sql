-- marts.rejections: one row per rejected image and reason code, for the images changed since the last refresh
--. A reason can go (a newer pipeline version's verdict replaces it, or the image is erased):
-- the source joins the changed images' current reasons with the rows the mart holds for them.
MERGE INTO iceberg.marts.rejections t
USING (
    WITH changed AS (
        SELECT _id, customer_id, status, reasons, duplicate_of, status_version, created_at, lineage
        FROM :changes
    ),
    current AS (
        SELECT
            c._id AS image_id,
            r.code AS reason_code,
            arbitrary(c.customer_id) AS customer_id,
            arbitrary(r.detail) AS detail,
            arbitrary(c.duplicate_of) AS duplicate_of,
            arbitrary(c.status_version) AS pipeline_version,
            arbitrary(CAST(c.created_at AS timestamp(6))) AS received_at,
            arbitrary(CAST(reduce(c.lineage, CAST(NULL AS timestamp(3)),
                (s, l) -> IF(l.event = 'ImageRejected', greatest(coalesce(s, l.at), l.at), s), s -> s)
                AS timestamp(6))) AS rejected_at
        FROM changed c
        CROSS JOIN UNNEST(c.reasons) AS r(code, detail)
        WHERE c.status <> 'ERASED'
        GROUP BY c._id, r.code
    ),
    stored AS (
        SELECT image_id, reason_code
        FROM iceberg.marts.rejections
        WHERE image_id IN (SELECT _id FROM changed)
    )
    SELECT
        coalesce(n.image_id, o.image_id) AS image_id,
        coalesce(n.reason_code, o.reason_code) AS reason_code,
        n.customer_id, n.detail, n.duplicate_of, n.pipeline_version, n.received_at, n.rejected_at,
        n.image_id IS NULL AS gone
    FROM current n
    FULL OUTER JOIN stored o ON n.image_id = o.image_id AND n.reason_code = o.reason_code
) s
ON t.image_id = s.image_id AND t.reason_code = s.reason_code
WHEN MATCHED AND s.gone THEN DELETE
WHEN MATCHED THEN UPDATE SET
    customer_id = s.customer_id, detail = s.detail, duplicate_of = s.duplicate_of,
    pipeline_version = s.pipeline_version, received_at = s.received_at, rejected_at = s.rejected_at
WHEN NOT MATCHED AND NOT s.gone THEN INSERT VALUES (
    s.image_id, s.customer_id, s.reason_code, s.detail, s.duplicate_of, s.pipeline_version, s.received_at,
    s.rejected_at)
