-- Forget trend_counts from the period holding $from_day on (per grain): they are recomputed
-- whole from the postings that reach them.
delete from trend_counts
where period >= date_trunc(grain, $from_day::date);
