"""Settings shared by every test."""

from __future__ import annotations

import os

# Tests never read a developer's `.env` or environment by accident.
for _name in [
    n for n in os.environ if n.startswith("PATRONAGE_") and not n.startswith("PATRONAGE_TEST_")
]:
    del os.environ[_name]
os.environ["PATRONAGE_ENV"] = "test"
