-- The metric store (issue 25): a series' points kept as chunks of 992 steps instead of a row each. A row a
-- point took 159 bytes with its index and rollups; a chunk keeps its values as one float8[] (8 bytes a point, exact),
-- steps only where they are not consecutive, epochs as one number or a steps-per-epoch ratio where either gives every
-- point's exactly, and wall times as millisecond differences packed in the bits their spread needs (PackedWalls: five
-- bits a point for a run that logs a step every 15 to 45 ms, none for a steady one). Each chunk carries its first and
-- last step, count, smallest, largest and last value: a chart's overview of a long series reads those and never opens
-- the arrays, which replaces metric_rollup.
--
-- Chunk w of a series holds its steps w*992 to w*992+991 (SeriesChunk, ChunkWindows: 992 doubles fill four TOAST
-- chunks, a page, exactly); the primary key is also the order every read wants. Like metric_point since V14, the table has no foreign keys: whatever deletes a run deletes
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
    wall_base       bigint           not null, -- the smallest of each wall time less the one before's
    wall_bits       smallint         not null, -- the bits each such difference takes past wall_base
    wall_packed     bytea            not null, -- the differences past wall_base, packed (PackedWalls)
    vals            float8[]         not null,
    primary key (run_id, key_id, step_window)
);

-- The chunk of a window still filling is rewritten as points arrive, and each rewrite leaves a dead version (some 8 kB
-- in TOAST) until vacuum makes its room reusable. Autovacuum by default waits for a fifth of a table to be dead, which
-- in a history of tens of gigabytes is gigabytes of dead chunks; here it comes after a fixed number of rewrites
-- instead, so the dead room stays some tens of megabytes however long the history grows.
alter table metric_chunk set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                              toast.autovacuum_vacuum_scale_factor = 0, toast.autovacuum_vacuum_threshold = 8000);

-- PackedWalls in SQL: the packing of a chunk's differences between consecutive wall times, and one of them back.
create function metric_pack_walls(deltas bigint[], out base bigint, out bits smallint, out packed bytea)
    language plpgsql immutable strict as $$
declare
    spread  bigint;
    joined  varbit := B'';
    i       integer;
begin
    packed := ''::bytea;
    bits := 0;
    if coalesce(array_length(deltas, 1), 0) = 0 then
        base := 0;
        return;
    end if;
    select min(d), max(d) - min(d) into base, spread from unnest(deltas) as d;
    while (spread >> bits) > 0 loop
        bits := bits + 1;
    end loop;
    if bits = 0 then
        return;
    end if;
    for i in 1 .. array_length(deltas, 1) loop
        joined := joined || substring((deltas[i] - base)::bit(64) from 65 - bits);
    end loop;
    joined := joined || repeat('0', (8 - length(joined) % 8) % 8)::varbit;
    for i in 0 .. length(joined) / 8 - 1 loop
        packed := packed || set_byte('\x00'::bytea, 0, substring(joined from i * 8 + 1 for 8)::bit(8)::integer);
    end loop;
end
$$;

create function metric_unpack_wall(packed bytea, bits smallint, j integer) returns bigint
    language sql immutable strict as $$
    select coalesce(sum(((get_byte(packed, b / 8) >> (7 - b % 8)) & 1)::bigint << (j * bits + bits - 1 - b)), 0)::bigint
    from generate_series(j * bits, j * bits + bits - 1) as b
$$;

-- Every existing point, a chunk per run, key and 992 steps. Epochs become a ratio only where dividing each step
-- by the rounded ratio of the last point gives every epoch exactly, as training's step / steps-per-epoch does.
insert into metric_chunk (run_id, key_id, step_window, first_step, last_step, point_count, min_value, max_value,
                          last_value, first_wall, last_wall, epoch_constant, steps_per_epoch, epochs, steps,
                          wall_base, wall_bits, wall_packed, vals)
with point as (
    select run_id, key_id, step / 992 as step_window, step, epoch, value,
           floor(extract(epoch from wall_time) * 1000)::bigint as wall
    from metric_point
), delta as (
    select point.*, wall - lag(wall) over (partition by run_id, key_id, step_window order by step) as d
    from point
), grouped as (
    select run_id, key_id, step_window, min(step) as first_step, max(step) as last_step, count(*)::int as point_count,
           min(value) as min_value, max(value) as max_value, (array_agg(value order by step desc))[1] as last_value,
           (array_agg(wall order by step))[1] as first_wall, (array_agg(wall order by step desc))[1] as last_wall,
           min(epoch) as min_epoch, max(epoch) as max_epoch,
           round(max(step) / nullif((array_agg(epoch order by step desc))[1], 0)) as ratio,
           array_agg(epoch order by step) as epochs, array_agg(step order by step) as steps,
           coalesce(array_agg(d order by step) filter (where d is not null), '{}') as wall_deltas,
           array_agg(value order by step) as vals
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
       (walls).base, (walls).bits, (walls).packed, vals
from (select shaped.*, metric_pack_walls(wall_deltas) as walls from shaped) as packed;

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
           sum(case when u.i = 1 then 0 else c.wall_base + metric_unpack_wall(c.wall_packed, c.wall_bits, u.i::int - 2)
               end) over (order by u.i) as wall_offset
    from unnest(c.vals) with ordinality as u (value, i)
) as p;
