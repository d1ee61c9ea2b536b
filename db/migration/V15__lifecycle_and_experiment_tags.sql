-- MLflow's clients (issue 23) delete and restore experiments and runs, and tag experiments. A deleted one is kept,
-- marked, out of every listing until restored, as MLflow's lifecycle_stage has it.
alter table experiment add column deleted_at timestamptz;
alter table run add column deleted_at timestamptz;

create table experiment_tag (
    experiment_id uuid not null references experiment (id) on delete cascade,
    key           text not null,
    value         text not null,
    primary key (experiment_id, key)
);
