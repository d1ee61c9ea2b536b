-- Sweeps (issue 14): one request that launches trials over launch fields and stops the losers at cycle ends.

-- A trial stopped by its sweep's early stopping ends PRUNED, never to be confused with a user's CANCELLED.
alter table run drop constraint run_status_check;
alter table run add constraint run_status_check
    check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'PRUNED'));

create table sweep (
    id          uuid        primary key,
    name        text        not null,
    experiment  text        not null,
    owner       text,
    status      text        not null check (status in ('RUNNING', 'FINISHED', 'CANCELLED')),
    -- the request as validated: base launch body, method, seed, parameters, seeds, metric, parallelism, early stopping;
    -- json, not jsonb: the parameters keep the order they were given in (a grid's nesting, the tables' columns)
    spec        json        not null,
    created_at  timestamptz not null,
    finished_at timestamptz
);

create index sweep_created_idx on sweep (created_at desc);
create index sweep_running_idx on sweep (status) where status = 'RUNNING';

-- Every trial is generated, validated and stored when the sweep is created, so the count survives any restart; a
-- trial is launched by setting run_id in the transaction that creates its run, and never again.
create table sweep_trial (
    sweep_id uuid             not null references sweep (id) on delete cascade,
    trial    int              not null,
    -- the parameter values of this configuration, by JSON path, in the sweep's order: {"schedule.t_mult": 2}
    params   json             not null,
    seed     bigint           not null,
    -- the validated launch spec the trial's run is created with
    spec     jsonb            not null,
    run_id   uuid             unique references run (id),
    -- once its run has ended and been judged for the last time; metric is then its result
    settled  boolean          not null default false,
    metric   double precision,
    primary key (sweep_id, trial)
);

-- Each rung a trial reached, its value there, and the decision made: why it was stopped, or not.
create table sweep_rung (
    sweep_id   uuid             not null,
    trial      int              not null,
    rung       int              not null,
    -- the cycle whose end the rung was read at; null for an epoch rung or the run's own end
    cycle      bigint,
    epoch      double precision not null,
    step       bigint           not null,
    value      double precision not null,
    action     text             not null check (action in ('CONTINUED', 'STOPPED')),
    threshold  double precision,
    peers      int              not null,
    reason     text             not null,
    decided_at timestamptz      not null,
    primary key (sweep_id, trial, rung),
    foreign key (sweep_id, trial) references sweep_trial (sweep_id, trial) on delete cascade
);

alter table run add column sweep_id uuid references sweep (id);
create index run_sweep_idx on run (sweep_id) where sweep_id is not null;
