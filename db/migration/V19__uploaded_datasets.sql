-- Datasets a team uploads (issue 24): the file as uploaded, kept by its SHA-256 in the artifact store (the fingerprint
-- every run on it records), its manifest, and what reading it at upload found (examples, shape, classes, ranges).
create table uploaded_dataset (
    id           uuid        primary key,
    name         text        not null unique,
    format       text        not null,
    sha256       text        not null,
    size_bytes   bigint      not null,
    manifest     jsonb       not null,
    description  jsonb       not null,
    owner        text        not null,
    created_at   timestamptz not null
);
