-- What a run does (issue 13), for the runs table to say and filter on: its config's kind, "training" for every run
-- stored before kinds existed.
alter table run
    add column kind text generated always as (coalesce(config ->> 'kind', 'training')) stored;

create index run_kind_idx on run (kind);
