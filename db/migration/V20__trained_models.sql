-- What a run trained, handed back (issue 24): an uploaded TorchScript module's final weights, and each snapshot's
-- when it kept them, kept by SHA-256 in the artifact store. snapshot is -1 for the final model, else the snapshot's
-- index, oldest first.
create table trained_model (
    run_id      uuid        not null,
    snapshot    integer     not null,
    sha256      text        not null,
    size_bytes  bigint      not null,
    created_at  timestamptz not null,
    primary key (run_id, snapshot)
);
