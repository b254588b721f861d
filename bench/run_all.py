"""Run every benchmark script in bench/ in turn (what `make bench` calls).

Each `bench/*.py` except this file and private helpers (`_*.py`) runs with its default arguments,
in sequence, its output passed through. The exit code is non-zero when any script failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def scripts() -> list[Path]:
    return sorted(
        path
        for path in BENCH.glob("*.py")
        if path.name != Path(__file__).name and not path.name.startswith("_")
    )


def main() -> int:
    failed = []
    found = scripts()
    if not found:
        print("No benchmark scripts in bench/.")
        return 0
    for script in found:
        print(f"\n######## {script.relative_to(BENCH.parent)}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=BENCH.parent)
        took = time.perf_counter() - start
        print(f"######## {script.name}: exit code {code}, {took:,.0f} s", flush=True)
        if code != 0:
            failed.append(script.name)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
        return 1
    print(f"\nAll {len(found)} benchmark(s) ran.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
