-- The runs table sorts by schedule settings and results, which live in the config and summary documents. Stored
-- generated columns keep them sortable across pages without a second copy for the application to keep in step:
-- PostgreSQL recomputes them whenever a summary is written.

-- A JSON number as a double; anything else (absent, null, a string) as SQL null, so no document can fail a write.
create function json_number(value jsonb) returns double precision
    language sql immutable parallel safe
    as $$ select case when jsonb_typeof(value) = 'number' then (value #>> '{}')::double precision end $$;

alter table run
    add column base_lr       double precision generated always as (json_number(config #> '{schedule,base_lr}')) stored,
    add column eta_min       double precision generated always as (json_number(config #> '{schedule,eta_min}')) stored,
    add column t_max         double precision generated always as (json_number(config #> '{schedule,t_max}')) stored,
    add column t_mult        double precision generated always as (json_number(config #> '{schedule,t_mult}')) stored,
    add column best_val_loss double precision generated always as (json_number(summary -> 'best_val_loss')) stored,
    add column best_val_acc  double precision generated always as (json_number(summary -> 'best_val_acc')) stored,
    add column test_acc      double precision generated always as (json_number(summary -> 'test_acc')) stored;
