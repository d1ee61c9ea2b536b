-- A dataset's page (issue 24) shows a few of its examples, drawn at upload (images as small PNGs), and every page of a
-- model or dataset lists the runs that used it: found by the upload's id in their config, without reading every run.
alter table uploaded_dataset add column preview jsonb;

create index run_model_upload on run ((config -> 'model' -> 'uploaded' ->> 'id'));
create index run_dataset_upload on run ((config -> 'dataset' -> 'uploaded' ->> 'id'));
