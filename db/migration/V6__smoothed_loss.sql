-- The LR range test stores its smoothed training loss beside the raw one (issue 13).
insert into metric_key (id, name) values (9, 'smoothed_loss');
