-- Reading a long series downsampled used to aggregate every one of its points on each request: some 150 ms for a
-- 100 000-step series on a small machine, seconds for a page comparing twenty runs. metric_rollup keeps, for every
-- run and key, the min, max and last point of each bucket of 16, 64, 256 and 1024 steps; a query then reads a few
-- thousand rollup rows instead. The writer refreshes the buckets a batch touched from metric_point in the batch's
-- own transaction, so rollups are exact and never behind the points they summarise.
create table metric_rollup (
    last_epoch double precision not null,
    last_value double precision not null,
    min_value  double precision not null,
    max_value  double precision not null,
    run_id     uuid             not null references run (id) on delete cascade,
    width      integer          not null,
    bucket     integer          not null, -- step / width
    last_step  integer          not null,
    key_id     smallint         not null references metric_key (id),
    primary key (run_id, key_id, width, bucket)
);

insert into metric_rollup (last_epoch, last_value, min_value, max_value, run_id, width, bucket, last_step, key_id)
select (array_agg(p.epoch order by p.step desc))[1], (array_agg(p.value order by p.step desc))[1],
       min(p.value), max(p.value), p.run_id, w.width, p.step / w.width, max(p.step), p.key_id
from metric_point p
cross join (values (16), (64), (256), (1024)) as w (width)
group by p.run_id, p.key_id, w.width, p.step / w.width;
