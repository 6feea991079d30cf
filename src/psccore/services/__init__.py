"""Use cases that the CLI and other apps call. Checks and audit happen here, once."""
