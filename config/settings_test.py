"""Test settings: development defaults, fast hashing, the immediate task backend."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("HECHTWERK_DEMO_MODE", "0")

from .settings import *  # noqa: F403
from .settings import CACHES, TASKS

# Fast hashing in tests; production's Argon2 is asserted against config.settings itself.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
TASKS["default"] = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEMO_MODE = False
# Page and API rate limits are counted per user id, and ids are reused between rolled-back tests:
# generous limits here; the rate-limit tests set their own small ones with override_settings.
RATE_LIMITS = {
    "export": "100000/m",
    "search": "100000/m",
    "api": "100000/m",
    "api_client": "100000/m",
}
# No checkpoint store unless a test names one (the access-log tests use a temporary file).
ACCESS_LOG_CHECKPOINT_PATH = ""
