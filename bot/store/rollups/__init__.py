"""The report's rollups: counts and time histograms per local day, kept in step with the
conversations in the same transaction (`maintain`), rebuilt on demand (`rebuild`), read by
the report (`bot.store.reporting.rollup_reads`). Submodules are imported by name: the tables
(`bot.store.models_rollups`) need `buckets` while `bot.store.models` is still loading."""
