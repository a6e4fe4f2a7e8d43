-- marts.dataset_members: one row per image a dataset version holds, for the images changed since the last
-- refresh (holding or releasing an image stamps it changed). The source joins the changed images'
-- current versions with the rows the mart holds for them; a row no longer held is deleted.
MERGE INTO iceberg.marts.dataset_members t
USING (
    WITH changed AS (
        SELECT _id, customer_id, status, dataset_refs
        FROM :changes
    ),
    current AS (
        SELECT DISTINCT
            c._id AS image_id,
            c.customer_id,
            -- a hold is <name>@v<version>; the version's id is <tenant>/<name>/v<version>
            c.customer_id || '/' || replace(ref, '@', '/') AS dataset_id,
            substr(ref, 1, strpos(ref, '@v') - 1) AS name,
            CAST(substr(ref, strpos(ref, '@v') + 2) AS bigint) AS version
        FROM changed c
        CROSS JOIN UNNEST(c.dataset_refs) AS r(ref)
        WHERE c.status <> 'ERASED' AND strpos(ref, '@v') > 0
    ),
    stored AS (
        SELECT image_id, dataset_id
        FROM iceberg.marts.dataset_members
        WHERE image_id IN (SELECT _id FROM changed)
    )
    SELECT
        coalesce(n.image_id, o.image_id) AS image_id,
        coalesce(n.dataset_id, o.dataset_id) AS dataset_id,
        n.customer_id, n.name, n.version,
        n.image_id IS NULL AS gone
    FROM current n
    FULL OUTER JOIN stored o ON n.image_id = o.image_id AND n.dataset_id = o.dataset_id
) s
ON t.image_id = s.image_id AND t.dataset_id = s.dataset_id
WHEN MATCHED AND s.gone THEN DELETE
WHEN NOT MATCHED AND NOT s.gone THEN INSERT VALUES (s.customer_id, s.dataset_id, s.name, s.version, s.image_id)
