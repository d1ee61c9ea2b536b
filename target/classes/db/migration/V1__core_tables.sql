-- Anneal's core tables (DESIGN.md §5). Flyway owns the schema; Hibernate only validates it.

create table experiment (
    id          uuid        primary key,
    name        text        not null unique,
    description text        not null default '',
    created_at  timestamptz not null default now()
);

create table run (
    id                  uuid             primary key,
    experiment_id       uuid             references experiment (id),
    name                text             not null,
    notes               text             not null default '',
    status              text             not null
        check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    -- the full launch body, defaults filled in, exactly as the run was launched
    config              jsonb            not null,
    progress_step       bigint           not null default 0,
    total_steps         bigint,
    progress_epoch      double precision not null default 0,
    -- best_val_loss, best_val_acc (and their steps), test_acc, final_lr, restarts, parameter count, ...
    summary             jsonb            not null default '{}'::jsonb,
    dataset_fingerprint jsonb,
    code_version        text,
    device              text,
    worker              text,
    error               text,
    created_at          timestamptz      not null default now(),
    started_at          timestamptz,
    finished_at         timestamptz,
    heartbeat_at        timestamptz,
    version             bigint           not null default 0
);

create index run_created_idx on run (created_at desc);
create index run_status_idx on run (status, created_at desc);
create index run_experiment_idx on run (experiment_id, created_at desc);

create table run_tag (
    run_id uuid not null references run (id) on delete cascade,
    tag    text not null,
    primary key (run_id, tag)
);

create index run_tag_tag_idx on run_tag (tag);

-- Metric names live here once; each point carries a two-byte key id instead of the name.
create table metric_key (
    id   smallint primary key,
    name text     not null unique
);

insert into metric_key (id, name) values
    (1, 'lr'), (2, 'train_loss'), (3, 'grad_norm'), (4, 'val_loss'), (5, 'val_acc'),
    (6, 'cycle'), (7, 'cycle_pos'), (8, 'test_acc');

-- The big table: one row per (run, key, optimizer step), no surrogate id. Columns are ordered widest first so
-- PostgreSQL packs them without alignment padding. Writes are idempotent on the primary key.
create table metric_point (
    wall_time timestamptz      not null,
    epoch     double precision not null,
    value     double precision not null,
    run_id    uuid             not null references run (id) on delete cascade,
    step      integer          not null,
    key_id    smallint         not null references metric_key (id),
    primary key (run_id, key_id, step)
);

create table schedule_event (
    id        bigint generated always as identity primary key,
    run_id    uuid             not null references run (id) on delete cascade,
    step      integer          not null,
    epoch     double precision not null,
    -- RESTART, PLATEAU_RESTART, WARMUP_END, CHECKPOINT, ...
    kind      text             not null,
    cycle     integer,
    reason    text,
    detail    jsonb            not null default '{}'::jsonb,
    wall_time timestamptz      not null default now(),
    -- a retried or resumed writer must not record the same event twice
    unique (run_id, kind, step)
);

create table checkpoint (
    id             bigint generated always as identity primary key,
    run_id         uuid             not null references run (id) on delete cascade,
    step           integer          not null,
    epoch          double precision not null,
    path           text             not null,
    size_bytes     bigint,
    -- the schedule's whole state (dev.anneal.schedule.ScheduleState) at this step
    schedule_state jsonb            not null,
    created_at     timestamptz      not null default now(),
    unique (run_id, step)
);
