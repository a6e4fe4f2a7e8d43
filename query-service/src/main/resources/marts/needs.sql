-- Which of the marts that only some changes touch this refresh must MERGE, one count a mart (0: skip it). Each
-- MERGE costs Trino about a second of CPU and an Iceberg commit whatever it writes (docs/benchmarks.md), and most
-- refreshes hold no rejection, no dataset hold and no dataset version change. A mart must MERGE when a changed
-- image has rows for it now, or had rows in it before (a newer verdict or a release takes them away).
SELECT
    (SELECT count(*) FROM :changes WHERE cardinality(reasons) > 0)
        + (SELECT count(*) FROM iceberg.marts.rejections WHERE image_id IN (SELECT _id FROM :changes))
        AS rejections,
    (SELECT count(*) FROM :changes WHERE cardinality(dataset_refs) > 0)
        + (SELECT count(*) FROM iceberg.marts.dataset_members WHERE image_id IN (SELECT _id FROM :changes))
        AS dataset_members,
    (SELECT count(*) FROM (:dataset_versions EXCEPT SELECT * FROM iceberg.marts.datasets)) AS datasets
