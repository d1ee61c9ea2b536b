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
