-- Models a team uploads (issue 24): a TorchScript file, kept by its SHA-256 in the artifact store, and its manifest.
-- A name and version name one model; the same file may be uploaded under several.
create table uploaded_model (
    id          uuid        primary key,
    name        text        not null,
    version     text        not null,
    notes       text,
    sha256      text        not null,
    size_bytes  bigint      not null,
    manifest    jsonb       not null,
    parameters  bigint      not null,
    owner       text        not null,
    created_at  timestamptz not null,
    unique (name, version)
);
