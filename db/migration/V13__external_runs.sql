-- Runs logged from outside (issue 23): a script's run has params, key-value tags and a source besides what every
-- run has. A tag so far was a label; it keeps an empty value, and a script's tags (MLflow's among them) carry one.
alter table run_tag add column value text not null default '';

create table run_param (
    run_id uuid not null references run (id) on delete cascade,
    key    text not null,
    value  text not null,
    primary key (run_id, key)
);

-- where a logged run came from, as its client said: script, git commit, dirty flag, host
alter table run add column source jsonb;

-- what Anneal made of an external run's logged rate: the schedule its script declared, held to the logged rates, or
-- the one inferred from them; refreshed as the script logs (dev.anneal.run.ScheduleReading)
alter table run add column schedule_reading jsonb;

-- the runs table sorts an external run by the schedule read from its logged rate, as a trained run by its own
alter table run
    drop column base_lr,
    drop column eta_min,
    drop column t_max,
    drop column t_mult;
alter table run
    add column base_lr double precision generated always as (json_number(coalesce(
        config #> '{schedule,base_lr}', schedule_reading #> '{schedule,base_lr}'))) stored,
    add column eta_min double precision generated always as (json_number(coalesce(
        config #> '{schedule,eta_min}', schedule_reading #> '{schedule,eta_min}'))) stored,
    add column t_max   double precision generated always as (json_number(coalesce(
        config #> '{schedule,t_max}', schedule_reading #> '{schedule,t_max}'))) stored,
    add column t_mult  double precision generated always as (json_number(coalesce(
        config #> '{schedule,t_mult}', schedule_reading #> '{schedule,t_mult}'))) stored;
