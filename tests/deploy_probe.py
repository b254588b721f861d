"""Run in a subprocess with production environment variables (tests/test_security_deploy.py).

Settings are decided at import time, so production behaviour can only be observed in a fresh
process. Prints one JSON object with what a browser would see.
"""

from __future__ import annotations

import io
import json
import os
import runpy
import sys
import types
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(BASE), str(BASE / "src")]
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import path  # noqa: E402

from hechtwerk.accounts.constants import Role  # noqa: E402
from hechtwerk.accounts.tests.factories import MembershipFactory, UserFactory  # noqa: E402
from hechtwerk.core.permissions import public  # noqa: E402

setup_test_environment()
call_command("migrate", verbosity=0, stdout=io.StringIO())


@public
def boom(request: object) -> None:
    raise RuntimeError("secret-internal-detail")


# A root URLconf with one failing view added; handlers come from config.urls.
import config.urls as real_urls  # noqa: E402

probe_urls = types.ModuleType("probe_urls")
probe_urls.urlpatterns = [path("__boom__/", boom), *real_urls.urlpatterns]  # type: ignore[attr-defined]
for name in ("handler400", "handler403", "handler404", "handler500"):
    setattr(probe_urls, name, getattr(real_urls, name))
sys.modules["probe_urls"] = probe_urls

out: dict[str, object] = {"debug": settings.DEBUG}
host = "hechtwerk.example.nl"
client = Client(HTTP_HOST=host, raise_request_exception=False)

home = client.get("/", secure=True)
out["headers"] = dict(home.headers.items())
out["plain_http"] = [client.get("/", secure=False).status_code]

login = client.get("/auth/login/", secure=True)
out["login_status"] = login.status_code
out["csrf_cookie"] = {
    name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]), "samesite": c["samesite"]}
    for name, c in login.cookies.items()
}

user = UserFactory(email="probe@jgz.example")
MembershipFactory(user=user, role=Role.TRAINER)
client.force_login(user)
signed_in = client.get("/account/", secure=True)
out["cookies_after_sign_in"] = {
    name: {
        "secure": bool(c["secure"]),
        "httponly": bool(c["httponly"]),
        "samesite": c["samesite"],
        "path": c["path"],
        "domain": c["domain"],
    }
    for name, c in {**client.cookies}.items()
}
out["signed_in_status"] = signed_in.status_code

anonymous = Client(HTTP_HOST=host, raise_request_exception=False)
git = anonymous.get("/.git/config", secure=True)
out["git_config"] = {"status": git.status_code, "body": git.content.decode()[:2000]}

settings.ROOT_URLCONF = "probe_urls"
from django.urls import clear_url_caches  # noqa: E402

clear_url_caches()
crash = anonymous.get("/__boom__/", secure=True)
out["crash"] = {"status": crash.status_code, "body": crash.content.decode()}

# Settings that must refuse to load: run the settings module afresh with a changed environment.
PRODUCTION = {
    k: os.environ[k] for k in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL")
}
CASES = {
    "demo_without_debug": {**PRODUCTION, "HECHTWERK_DEMO_MODE": "1"},
    "no_secret_key": {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"},
    "no_database_url": {k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"},
    "no_allowed_hosts": {k: v for k, v in PRODUCTION.items() if k != "DJANGO_ALLOWED_HOSTS"},
    "production": PRODUCTION,
}
refusals: dict[str, str] = {}
saved = dict(os.environ)
for case, env in CASES.items():
    os.environ.clear()
    os.environ.update({k: v for k, v in saved.items() if k not in PRODUCTION})
    os.environ.pop("HECHTWERK_DEMO_MODE", None)
    os.environ.update(env)
    try:
        runpy.run_path(str(BASE / "config" / "settings.py"))
        refusals[case] = ""
    except ImproperlyConfigured as exc:
        refusals[case] = str(exc)
os.environ.clear()
os.environ.update(saved)
out["refusals"] = refusals

print(json.dumps(out))
