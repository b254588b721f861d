"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

One browser per test session (each test gets a fresh context), the demo data loaded into the test
database, and helpers to sign in through the real forms and to run axe-core (T6.3, T6.4).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


# HECHTWERK_E2E_LATE_BODY_MS=300 has the live server send each answer's headers, then its body
# 300 ms later. Playwright reports a response when its headers arrive, the page acts on it when
# the body is in: a test that takes the first for the second then fails every time instead of
# once in many CI runs (the meetings flow did, before it waited for htmx to settle).
LATE_BODY = int(os.environ.get("HECHTWERK_E2E_LATE_BODY_MS", "0")) / 1000


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server shares the test's in-memory SQLite database; two requests at once (a page
    and its htmx fragment) can find a table locked there. So the application answers one request
    at a time, the response read to its end under the lock; the browser simply waits, as it would
    for a slow server (PostgreSQL in production has no such limit).

    Each connection still gets its own thread: a server without threads reads one connection at a
    time, and a connection chromium opens ahead of need (a preconnect) and leaves idle then holds
    up the request the browser sends on another one (a CI run lost a test to that: ten seconds
    without an answer)."""

    _application_lock = threading.Lock()

    def set_app(self, application: Any) -> None:
        lock = self._application_lock

        def one_at_a_time(environ: dict[str, Any], start_response: Any) -> list[bytes]:
            line = f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')}"
            _traffic("server waits", line)
            with lock:
                _traffic("server starts", line)
                result = application(environ, start_response)
                try:
                    body = b"".join(result)
                finally:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()
                    _traffic("server ends", line)
            return _late(body) if LATE_BODY else [body]

        super().set_app(one_at_a_time)


def _late(body: bytes) -> Iterator[bytes]:
    yield b""  # the server sends the headers with the first (empty) part
    time.sleep(LATE_BODY)
    yield body


LiveServerThread.server_class = _OneRequestAtATime

# What the browser and the live server did during the current test, printed with its failure
# (pytest_runtest_makereport below): a test that waits in vain then says what was sent, answered,
# refused or never started. Server lines are stamped when they happen, browser lines when
# Playwright hands the event to the test, so the two sides can be out of order by a few ms.
TRAFFIC: list[str] = []
_STARTED = time.monotonic()


def _traffic(kind: str, text: str) -> None:
    TRAFFIC.append(
        f"{time.monotonic() - _STARTED:9.3f} {threading.get_ident() % 10000:4} {kind}: {text}"
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Iterator[Any]:
    report = yield
    if call.when == "setup":
        TRAFFIC.clear()
    elif report.failed and TRAFFIC:
        report.sections.append(("browser and live server traffic", "\n".join(TRAFFIC[-200:])))
    return report


CHROMIUM = os.environ.get("HECHTWERK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("request", lambda r: _traffic("browser sends", f"{r.method} {r.url}"))
    page.on(
        "response", lambda r: _traffic("browser gets", f"{r.status} {r.request.method} {r.url}")
    )
    page.on("requestfailed", lambda r: _traffic("browser lost", f"{r.method} {r.url} {r.failure}"))
    page.on("console", lambda msg: _traffic("console", f"{msg.type} {msg.text}"))
    # The strict CSP must not have to block anything: a refused script, style or image is a bug.
    refused: list[str] = []
    page.on(
        "console",
        lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    yield page
    context.close()
    assert not refused, f"the Content Security Policy refused: {refused}"


@pytest.fixture
def demo(transactional_db) -> dict[str, Any]:
    """The demo organisations and users in the test database (DEMO_MODE is off: real MFA)."""
    from hechtwerk.accounts.demo import DEMO_PASSWORD, USERS

    with open(os.devnull, "w") as devnull:
        call_command("load_demo", force=True, stdout=devnull)
    return {"password": DEMO_PASSWORD, "users": USERS}


_CHECKED_ONCE: set[str] = set()


@dataclass
class AxeLog:
    """axe-core results per visited page; `assert_clean()` fails with every violation listed."""

    reports: dict[str, str] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)

    def check(self, page: Any, label: str | None = None, *, once: bool = False) -> int:
        """Run axe on the page; with `once`, a page every role sees is checked once per session."""
        from axe_playwright_python.sync_playwright import Axe

        name = label or page.url
        if once and name in _CHECKED_ONCE:
            self.checked.append(name)
            return 0
        _CHECKED_ONCE.add(name)

        results = Axe().run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        self.checked.append(name)
        if results.violations_count:
            self.reports[name] = results.generate_report()
        return int(results.violations_count)

    def assert_clean(self) -> None:
        if self.reports:
            text = "\n\n".join(f"== {name}\n{report}" for name, report in self.reports.items())
            print(text)
            pytest.fail(
                f"axe-core found WCAG 2.1 A/AA violations on {sorted(self.reports)}:\n{text}"
            )


@pytest.fixture
def axe() -> AxeLog:
    return AxeLog()


def current_totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@dataclass
class SignIn:
    """What a sign-in set up on the way: the TOTP secret and the recovery codes shown."""

    secret: str = ""
    recovery_codes: list[str] = field(default_factory=list)


def sign_in(page: Any, email: str, password: str, axe: AxeLog | None = None) -> SignIn:
    """Sign in through the real form; set up two factors when the role needs them."""
    result = SignIn()
    page.goto("/auth/login/")
    if axe:
        axe.check(page, "aanmelden", once=True)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    for _step in range(5):
        path = urlparse(page.url).path
        if "/auth/reauthenticate/" in path:
            # allauth asks for the password once more before an authenticator is added.
            if axe:
                axe.check(page, "bevestigen met wachtwoord", once=True)
            page.locator("input[name=password]").fill(password)
            page.get_by_role("button", name="Bevestigen").click()
        elif "/auth/2fa/totp/activate/" in path:
            if axe:
                axe.check(page, "tweestapsverificatie instellen", once=True)
            qr = page.locator("img.hw-qr")
            assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "QR code not shown"
            result.secret = page.locator("#authenticator_secret").inner_text().replace(" ", "")
            code_field = page.locator("input[name=code]")
            assert code_field.get_attribute("autocomplete") == "one-time-code"
            code_field.fill(current_totp_code(result.secret))
            page.get_by_role("button", name="Activeren").click()
        elif "/auth/2fa/recovery-codes/" in path:
            if axe:
                axe.check(page, "herstelcodes", once=True)
            result.recovery_codes = page.locator("#recovery_codes").input_value().split()
            assert result.recovery_codes
            page.get_by_role("link", name="Ik heb ze bewaard, ga verder").click()
        else:
            return result
        page.wait_for_load_state()
    raise AssertionError(f"sign-in did not reach a page of the site, stuck at {page.url}")
