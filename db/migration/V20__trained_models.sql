-- What a run trained, handed back (issue 24): an uploaded TorchScript module's final weights, kept by SHA-256 in the
-- artifact store. One row a run: its final model.
create table trained_model (
    run_id      uuid        primary key,
    sha256      text        not null,
    size_bytes  bigint      not null,
    created_at  timestamptz not null
);
