-- Table maintenance, on a schedule: small files compacted, snapshots older than 7 days expired (so
-- FOR TIMESTAMP AS OF reaches back a week), files no snapshot references removed.
ALTER TABLE iceberg.marts.images EXECUTE optimize;
ALTER TABLE iceberg.marts.image_events EXECUTE optimize;
ALTER TABLE iceberg.marts.rejections EXECUTE optimize;
ALTER TABLE iceberg.marts.daily_stats EXECUTE optimize;
ALTER TABLE iceberg.marts.datasets EXECUTE optimize;
ALTER TABLE iceberg.marts.dataset_members EXECUTE optimize;
ALTER TABLE iceberg.marts.refresh_log EXECUTE optimize;
ALTER TABLE iceberg.marts.images EXECUTE expire_snapshots(retention_threshold => '7d');
ALTER TABLE iceberg.marts.image_events EXECUTE expire_snapshots(retention_threshold => '7d');
ALTER TABLE iceberg.marts.rejections EXECUTE expire_snapshots(retention_threshold => '7d');
ALTER TABLE iceberg.marts.daily_stats EXECUTE expire_snapshots(retention_threshold => '7d');
ALTER TABLE iceberg.marts.datasets EXECUTE expire_snapshots(retention_threshold => '7d');
ALTER TABLE iceberg.marts.dataset_members EXECUTE expire_snapshots(retention_threshold => '7d');
ALTER TABLE iceberg.marts.refresh_log EXECUTE expire_snapshots(retention_threshold => '7d');
ALTER TABLE iceberg.marts.images EXECUTE remove_orphan_files(retention_threshold => '7d');
ALTER TABLE iceberg.marts.image_events EXECUTE remove_orphan_files(retention_threshold => '7d');
ALTER TABLE iceberg.marts.rejections EXECUTE remove_orphan_files(retention_threshold => '7d');
ALTER TABLE iceberg.marts.daily_stats EXECUTE remove_orphan_files(retention_threshold => '7d');
ALTER TABLE iceberg.marts.datasets EXECUTE remove_orphan_files(retention_threshold => '7d');
ALTER TABLE iceberg.marts.dataset_members EXECUTE remove_orphan_files(retention_threshold => '7d');
ALTER TABLE iceberg.marts.refresh_log EXECUTE remove_orphan_files(retention_threshold => '7d');
