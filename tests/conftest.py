"""Shared configuration of the repository's own tests.

The folder is on sys.path (pytest puts a root conftest's folder there), so test modules
import ``helpers``. Hypothesis runs derandomized here too: CI never flakes on a new example.
"""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "repository",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("repository")
