-- Metric names are ids of two bytes, shared by every run: about 32 600 names beyond Anneal's own. A script could
-- spend them all in 33 requests of 1 000 new names, and every later new name would then be refused, everyone's.
-- So each name records who gave it, and each user may give a bounded number (anneal.metrics.max-new-names-per-user);
-- names given before this migration, and Anneal's own, belong to nobody.
alter table metric_key add column named_by text;
create index metric_key_named_by on metric_key (named_by) where named_by is not null;
