-- Which of the marts that only some changes touch this refresh must MERGE: one count a mart, 0 to skip it. Each
-- MERGE costs Trino about half a second to two seconds of CPU and an Iceberg commit whatever it writes
-- (docs/benchmarks.md), and most refreshes hold no dataset hold and no dataset version change. Read from this
-- refresh's changes alone (a read of the marts here would cost as much as the MERGEs it saves), which works because
-- of what catalog-service writes: a rejection's reasons come with an ImageRejected in the lineage, which only grows
-- (an erasure sets ERASED); releasing a hold pulls it from dataset_refs, which stays (empty) once an image was held.
-- So an image with no such trace has no row in these marts, before or after.
SELECT
    count_if(cardinality(reasons) > 0 OR status = 'ERASED' OR any_match(lineage, l -> l.event = 'ImageRejected'))
        AS rejections,
    count_if(dataset_refs IS NOT NULL OR status = 'ERASED') AS dataset_members,
    (SELECT count(*) FROM (:dataset_changes)) AS datasets,
    -- what was read, and what of it the next refresh reads again: equal keys mean nothing new to apply
    checksum(row(_id, changed_at)) AS read_key,
    checksum(row(_id, changed_at)) FILTER (WHERE changed_at > :next_since) AS next_key
FROM :changes
