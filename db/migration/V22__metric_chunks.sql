-- The metric store (issue 25): a series' points kept as chunks of a thousand steps instead of a row each. A row a
-- point took 159 bytes with its index and rollups; a chunk keeps its values as one float8[] (8 bytes a point, exact),
-- steps only where they are not consecutive, epochs as one number or a steps-per-epoch ratio where either gives every
-- point's exactly, and wall times as millisecond differences, which compress to a byte or two a point. Each chunk
-- carries its first and last step, count, smallest, largest and last value: a chart's overview of a long series reads
-- those and never opens the arrays, which replaces metric_rollup.
--
-- Chunk w of a series holds its steps w*1000 to w*1000+999 (SeriesChunk, ChunkWindows); the primary key is also the
-- order every read wants. Like metric_point since V14, the table has no foreign keys: whatever deletes a run deletes
-- its chunks, one range of the primary key.
create table metric_chunk (
    run_id          uuid             not null,
    key_id          smallint         not null,
    step_window     integer          not null,
    first_step      integer          not null,
    last_step       integer          not null,
    point_count     integer          not null,
    min_value       double precision not null, -- as PostgreSQL orders doubles: NaN above every number
    max_value       double precision not null,
    last_value      double precision not null,
    first_wall      bigint           not null, -- milliseconds since 1970
    last_wall       bigint           not null,
    epoch_constant  double precision,          -- every point's epoch; or
    steps_per_epoch double precision,          -- each point's epoch is step / steps_per_epoch; or
    epochs          float8[],                  -- every point's epoch
    steps           int4[],                    -- null when the steps run first_step, first_step + 1, ...
    wall_deltas     int8[]           not null, -- each point's wall time less the one before's (0 for the first)
    vals            float8[]         not null,
    primary key (run_id, key_id, step_window)
);

-- The chunk of a window still filling is rewritten as points arrive, and each rewrite leaves a dead version (some 8 kB
-- in TOAST) until vacuum makes its room reusable. Autovacuum by default waits for a fifth of a table to be dead, which
-- in a history of tens of gigabytes is gigabytes of dead chunks; here it comes after a fixed number of rewrites
-- instead, so the dead room stays some tens of megabytes however long the history grows.
alter table metric_chunk set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                              toast.autovacuum_vacuum_scale_factor = 0, toast.autovacuum_vacuum_threshold = 8000);

-- Every existing point, a chunk per run, key and thousand steps. Epochs become a ratio only where dividing each step
-- by the rounded ratio of the last point gives every epoch exactly, as training's step / steps-per-epoch does.
insert into metric_chunk (run_id, key_id, step_window, first_step, last_step, point_count, min_value, max_value,
                          last_value, first_wall, last_wall, epoch_constant, steps_per_epoch, epochs, steps,
                          wall_deltas, vals)
with point as (
    select run_id, key_id, step / 1000 as step_window, step, epoch, value,
           floor(extract(epoch from wall_time) * 1000)::bigint as wall
    from metric_point
), delta as (
    select point.*, coalesce(wall - lag(wall) over (partition by run_id, key_id, step_window order by step), 0) as d
    from point
), grouped as (
    select run_id, key_id, step_window, min(step) as first_step, max(step) as last_step, count(*)::int as point_count,
           min(value) as min_value, max(value) as max_value, (array_agg(value order by step desc))[1] as last_value,
           (array_agg(wall order by step))[1] as first_wall, (array_agg(wall order by step desc))[1] as last_wall,
           min(epoch) as min_epoch, max(epoch) as max_epoch,
           round(max(step) / nullif((array_agg(epoch order by step desc))[1], 0)) as ratio,
           array_agg(epoch order by step) as epochs, array_agg(step order by step) as steps,
           array_agg(d order by step) as wall_deltas, array_agg(value order by step) as vals
    from delta
    group by run_id, key_id, step_window
), shaped as (
    select grouped.*, min_epoch = max_epoch as constant,
           coalesce(not (min_epoch = max_epoch) and ratio > 0 and ratio < 'Infinity' and ratio <> 'NaN'
               and (select bool_and(s / ratio = e) from unnest(steps, epochs) as u (s, e)), false) as divides
    from grouped
)
select run_id, key_id, step_window, first_step, last_step, point_count, min_value, max_value, last_value,
       first_wall, last_wall,
       case when constant then min_epoch end,
       case when divides then ratio end,
       case when not constant and not divides then epochs end,
       case when last_step - first_step + 1 <> point_count then steps end,
       wall_deltas, vals
from shaped;

drop table metric_rollup;
drop table metric_point;

-- The points as rows again, for whoever reads the store with SQL (psql, a report): each chunk unnested. Anneal itself
-- reads chunks through MetricQueries.
create view metric_point as
select c.run_id, c.key_id, p.step,
       coalesce(c.epoch_constant, p.step / c.steps_per_epoch, c.epochs[p.i]) as epoch,
       p.value,
       to_timestamp((c.first_wall + p.wall_offset) / 1000.0) as wall_time
from metric_chunk c
cross join lateral (
    select coalesce(c.steps[u.i], c.first_step + (u.i::int - 1)) as step, u.i, u.value,
           sum(c.wall_deltas[u.i]) over (order by u.i) as wall_offset
    from unnest(c.vals) with ordinality as u (value, i)
) as p;
