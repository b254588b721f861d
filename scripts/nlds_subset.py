"""Ship only the NL Design System component CSS the pages use (run by the Makefile's NLDS step).

Collects every `utrecht-<block>` class named in templates/, src/ (form widgets) and static/js/,
and concatenates the dist/index.css of the matching per-component package
(node_modules/@utrecht/<block>-css) into static/vendor/nlds/utrecht-components.css. No bundler:
a class whose block has no package of its own is looked up by its longest prefix that has one
(utrecht-button-link → button-link-css, utrecht-form-field-description → form-field-description-css).

    python scripts/nlds_subset.py [--check]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "node_modules" / "@utrecht"
OUT = ROOT / "static" / "vendor" / "nlds" / "utrecht-components.css"
CLASS = re.compile(r"utrecht-([a-z0-9]+(?:-[a-z0-9]+)*)")
SOURCES = [("templates", "*.html"), ("src", "*.py"), ("src", "*.html"), ("static/js", "*.js")]
ALWAYS = ("document", "html-content")  # the body and page base styles


def used_blocks() -> set[str]:
    blocks: set[str] = set(ALWAYS)
    for folder, pattern in SOURCES:
        for path in (ROOT / folder).rglob(pattern):
            for name in CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")):
                blocks.add(re.split(r"__|--", name)[0])
    return blocks


def package_for(block: str) -> Path | None:
    parts = block.split("-")
    for end in range(len(parts), 0, -1):
        css = PACKAGES / f"{'-'.join(parts[:end])}-css" / "dist" / "index.css"
        if css.exists():
            return css
    return None


def main() -> int:
    files = sorted({p for b in used_blocks() if (p := package_for(b)) is not None})
    body = "".join(
        f"/* {p.parent.parent.name} */\n{p.read_text(encoding='utf-8')}\n" for p in files
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(body, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(files)} components, {len(body.encode()) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
