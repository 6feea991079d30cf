"""Documents written to files: reports (CSV, JSON, Excel, HTML with charts) and the
JOB card. Pure functions of what the services return; no database, no CLI."""
