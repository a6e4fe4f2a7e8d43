-- One refresh's input: the catalog documents changed since :since, read from the catalog ONCE into a
-- table of this refresh's own (:changes), which every mart's MERGE then reads. Every mart is built
-- from the same snapshot of the catalog, and the catalog is scanned once per refresh (the embedded
-- Mongo server ignores secondary indexes, so each read of changed_at is a full scan there).
CREATE TABLE :changes AS
SELECT _id, customer_id, source, format, status, bytes, created_at, source_time, normalized_at,
    pipeline_version, status_version, changed_at, duplicate_of, captured_at, tags, zones, original,
    features, caption, reasons, lineage, dataset_refs
FROM mongodb.lake.images
WHERE changed_at > :since
