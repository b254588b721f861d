"""Every environment variable the settings read is documented in .env.example (house rule 7)."""

from __future__ import annotations

import re
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
READ = re.compile(r'(?:os\.environ\.get\(|os\.environ\[|env_list\(|env_bool\()\s*"([A-Z0-9_]+)"')
CHECKED = re.compile(r'"([A-Z0-9_]+)" in os\.environ')


def test_it_documents_every_variable_the_settings_read():
    settings = (BASE / "config" / "settings.py").read_text()
    example = (BASE / ".env.example").read_text()
    read = set(READ.findall(settings)) | set(CHECKED.findall(settings))

    missing = sorted(n for n in read if not re.search(rf"^#?\s*{n}=", example, re.MULTILINE))

    assert "HECHTWERK_PROXY_COUNT" in read
    assert missing == []
