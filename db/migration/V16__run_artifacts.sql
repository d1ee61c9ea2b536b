-- A run's MLflow artifacts (issue 23): each path under the run's artifact root names an artifact stored by content in
-- the artifact store (dev.anneal.artifacts); the bytes never enter the database.
create table run_artifact (
    run_id     uuid        not null references run (id) on delete cascade,
    path       text        not null,
    sha256     text        not null,
    size_bytes bigint      not null,
    created_at timestamptz not null default now(),
    primary key (run_id, path)
);
