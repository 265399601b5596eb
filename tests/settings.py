"""The settings the test suite runs with: the project's own, plus a test-only secret key.

The project's settings refuse to start with DEBUG off and no SECRET_KEY, and the
suite runs with DEBUG off, as in production. pytest-django reads these settings
before any conftest runs, so the key is set here, in the environment, where the
server processes that tests start find it too.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-insecure-key-never-used-in-production-0123456789")

from journeymap.settings import *  # noqa: F403
