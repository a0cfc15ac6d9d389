"""Loaded first by pytest (-p pengawas.testing): demo mode and a throwaway data directory."""

import os
import tempfile

# Before Django reads its settings: tests run in demo mode (a generated secret key) with
# their own data directory, never the developer's ./data.
os.environ.setdefault("PENGAWAS_DEMO", "true")
os.environ.setdefault("PENGAWAS_DATA_DIR", tempfile.mkdtemp(prefix="pengawas-test-"))
# Background jobs (huey) run at once, inside the test, instead of waiting for a worker.
os.environ.setdefault("PENGAWAS_HUEY_IMMEDIATE", "true")
if os.environ.get("TEST_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["TEST_DATABASE_URL"]
