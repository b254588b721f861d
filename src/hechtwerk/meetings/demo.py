"""Demo data of the meeting planner: the script's seven building blocks and eight case cards."""

from __future__ import annotations

from hechtwerk.accounts.demo import DemoContext

from .services import ensure_script_library


def load(context: DemoContext) -> None:
    ensure_script_library()
