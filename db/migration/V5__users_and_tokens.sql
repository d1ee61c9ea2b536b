-- Accounts for a team sharing one Anneal (issue 12). A user signs in with a password, stored only as its
-- DelegatingPasswordEncoder hash ({bcrypt}…); scripts and CI use API tokens, stored only as the SHA-256 of the
-- token, which is what a request's token is looked up by (no bcrypt per request: the token is 32 random bytes).
create table app_user (
    username      text        primary key,
    password_hash text        not null,
    role          text        not null check (role in ('VIEWER', 'MEMBER', 'ADMIN')),
    disabled      boolean     not null default false,
    created_at    timestamptz not null default now()
);

create table api_token (
    id           uuid        primary key,
    owner        text        not null references app_user (username),
    name         text        not null,
    -- the token's first characters, shown in lists so a user can tell tokens apart; never enough to use one
    prefix       text        not null,
    token_sha256 bytea       not null unique,
    scope        text        not null check (scope in ('READ', 'WRITE')),
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

create index api_token_owner on api_token (owner);

-- Who launched a run. Runs from before accounts existed get the first admin once there is one.
alter table run add column owner text references app_user (username);
create index run_owner on run (owner);
