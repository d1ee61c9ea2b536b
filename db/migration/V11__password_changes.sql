-- Accounts a team can live with (issue 22): a password an admin reset must be changed by its user at their next
-- sign-in.
alter table app_user add column must_change_password boolean not null default false;
