"""The benchmark behind `make bench` and `make bench-load` (see README, "Performance").

It never touches the development database: `manage.py bench` re-runs itself under
`bench.settings`, whose database is `bench.sqlite3` or BENCH_DATABASE_URL.
"""
