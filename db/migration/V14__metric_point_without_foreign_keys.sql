-- Checking a point's run and key against their tables cost half of every insert into metric_point: 0.5 of 1.1 s for
-- 100 000 points, measured (issue 23's logging API, which must take 50 000 points a second from one client). Points
-- are written only for a run that exists, in the transaction that checks it (a script's batch) or by the worker that
-- trains it, under a key id metric_key gave; so the table keeps no foreign keys, and whatever deletes a run deletes
-- its points and rollups itself (nothing deletes runs yet).
alter table metric_point drop constraint metric_point_run_id_fkey;
alter table metric_point drop constraint metric_point_key_id_fkey;
