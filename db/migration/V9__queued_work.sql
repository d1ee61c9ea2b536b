-- Quotas on queued work (issue 22): what each queued run and each trial yet to launch is planned to take, so a
-- user's queued steps are one sum. Rows from before are unknown (null) and count as no steps; their count still
-- counts.
alter table run add column planned_steps bigint;
alter table sweep_trial add column planned_steps bigint;

create index run_live_owner_idx on run (owner) where status in ('QUEUED', 'RUNNING');
