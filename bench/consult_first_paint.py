"""First paint of the consult page on a cold cache (issue 12).

Starts the development server on a fresh SQLite database with the demo data, signs in as the demo
nurse (demo mode: no second factor), opens "Consult vastleggen" for DEMO-002 and then, per sample,
empties the browser cache (Chrome DevTools `Network.clearBrowserCache`) and loads the page again.
Prints the median and worst first-contentful-paint (`performance.getEntriesByType('paint')`) and
the bytes of the render-blocking stylesheets (resource timing `renderBlockingStatus`), each file
with its size, so a before/after comparison shows where the bytes went.

    .venv/bin/python bench/consult_first_paint.py [--samples 15] [--port 8765] [--json PATH]

Static files come from Django's development server (DEBUG on), as on a developer's machine; the
bytes are what the browser decodes, the same under any server, the paint time is indicative only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHROMIUM = os.environ.get("HECHTWERK_CHROMIUM", "/usr/bin/chromium")
NURSE = "verpleegkundige@voorbeeldstad.example"
CASE_CODE = "DEMO-002"

MEASURE_JS = """async () => {
  const paint = performance.getEntriesByType('paint')
    .find(entry => entry.name === 'first-contentful-paint');
  const css = performance.getEntriesByType('resource')
    .filter(entry => entry.initiatorType === 'link' || entry.name.endsWith('.css'))
    .map(entry => ({
      name: new URL(entry.name).pathname,
      blocking: entry.renderBlockingStatus === 'blocking',
      bytes: entry.decodedBodySize,
      transfer: entry.transferSize,
    }));
  // Resource timing leaves some sizes at 0 under the development server; read the files.
  for (const sheet of css) {
    if (!sheet.bytes) {
      const body = await (await fetch(sheet.name, {cache: 'force-cache'})).arrayBuffer();
      sheet.bytes = body.byteLength;
    }
  }
  return {fcp: paint ? paint.startTime : null, css};
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="1",
        HECHTWERK_DEMO_MODE="1",
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def _start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "load_demo", "--force"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the development server did not start")


def _consult_url(page: Any, base: str) -> str:
    page.goto(f"{base}/auth/login/")
    page.locator("input[name=login]").fill(NURSE)
    page.locator("input[name=password]").fill(_demo_password())
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    page.goto(f"{base}/signalering/?q={CASE_CODE}")
    link = page.get_by_role("link", name=CASE_CODE, exact=True).first
    if not link.count():
        raise SystemExit(f"{CASE_CODE} not found at {page.url}: {page.inner_text('main')[:300]}")
    link.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Consult vastleggen").first.click()
    page.wait_for_load_state()
    return str(page.url)


def _demo_password() -> str:
    """The demo password, read from the demo module without setting Django up."""
    text = (ROOT / "src" / "hechtwerk" / "accounts" / "demo.py").read_text()
    match = re.search(r'^DEMO_PASSWORD = "([^"]+)"', text, re.MULTILINE)
    assert match, "DEMO_PASSWORD not found in accounts/demo.py"
    return match.group(1)


def measure(samples: int, port: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        env = _env(Path(tmp) / "bench.sqlite3")
        server = _start_server(env, port)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
                )
                context = browser.new_context(
                    locale="nl-NL", viewport={"width": 1280, "height": 900}
                )
                page = context.new_page()
                base = f"http://127.0.0.1:{port}"
                url = _consult_url(page, base)
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                results = []
                for _ in range(samples):
                    cdp.send("Network.clearBrowserCache")
                    page.goto("about:blank")
                    page.goto(url, wait_until="load")
                    results.append(page.evaluate(MEASURE_JS))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    paints = [r["fcp"] for r in results if r["fcp"] is not None]
    last_css = results[-1]["css"]
    blocking = [c for c in last_css if c["blocking"]]
    return {
        "samples": len(results),
        "fcp_median_ms": round(statistics.median(paints), 1) if paints else None,
        "fcp_max_ms": round(max(paints), 1) if paints else None,
        "render_blocking_css_bytes": sum(c["bytes"] for c in blocking),
        "render_blocking_css": [(c["name"], c["bytes"]) for c in blocking],
        "css_total_bytes": sum(c["bytes"] for c in last_css),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--json", default=str(ROOT / "bench" / "out" / "consult_first_paint.json"))
    args = parser.parse_args()
    if not shutil.which(CHROMIUM):
        print(f"SKIPPED: {CHROMIUM} is missing")
        return
    figures = measure(args.samples, args.port or _free_port())
    print(f"consult page, cold cache, {figures['samples']} samples")
    print(
        f"  first contentful paint: median {figures['fcp_median_ms']} ms, "
        f"max {figures['fcp_max_ms']} ms"
    )
    print(f"  render-blocking CSS: {figures['render_blocking_css_bytes']:,} bytes")
    for name, size in figures["render_blocking_css"]:
        print(f"    {name}: {size:,} bytes")
    print(f"  all CSS: {figures['css_total_bytes']:,} bytes")
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
