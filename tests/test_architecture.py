"""Apps depend one way (issue 8; docs/architecture.md, "Order of the apps").

Every module of every app under `src/hechtwerk/` is parsed (its tests and migrations aside: a test
drives the assembled project). An app may reach only apps in a lower layer, by any of the routes
Python and Django offer: `import` and `from ... import` at the top of a module or inside a
function, `apps.get_model("app", "Model")` / `get_model("app.Model")` / `get_app_config("app")`,
and `importlib.import_module("hechtwerk.app...")`. There is no list of exceptions.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "hechtwerk"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

# Lowest first. An app may import an app of a lower layer only; apps in one layer are siblings and
# do not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("accounts",),
    ("logbook",),
    ("method",),
    ("instruments",),
    ("catalogue",),
    ("signalling",),
    ("training",),
    ("billing",),
    ("licensing", "materials", "meetings"),
    ("insights",),
)
LAYER_OF = {app: index for index, layer in enumerate(LAYERS) for app in layer}
SKIPPED_FOLDERS = {"tests", "migrations", "__pycache__"}
MODEL_LOOKUPS = {"get_model", "get_app_config"}
MODULE_LOADERS = {"import_module", "__import__"}


@dataclass(frozen=True)
class Reach:
    line: int
    target: str  # the app reached
    how: str  # the import or call as written, for the failure message


def apps_on_disk() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def app_modules(app: str) -> list[Path]:
    return sorted(
        path
        for path in (PACKAGE / app).rglob("*.py")
        if not SKIPPED_FOLDERS & set(path.relative_to(PACKAGE / app).parts[:-1])
    )


def _app_of_module(dotted: str) -> str | None:
    bits = dotted.split(".")
    if len(bits) > 1 and bits[0] == "hechtwerk":
        return bits[1]
    return None


def _string_start(node: ast.expr) -> str | None:
    """A literal string, or the literal start of an f-string ("hechtwerk.x.{name}")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    return None


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _absolute(module: str | None, level: int, package: tuple[str, ...]) -> str:
    """The dotted name a relative `from ... import` points at, from the file's package."""
    if level == 0:
        return module or ""
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, module] if module else base)


def reaches(source: str, package: tuple[str, ...]) -> list[Reach]:
    """Every app of ours the source reaches; `package` is the file's package, e.g.
    ("hechtwerk", "catalogue", "templatetags")."""
    found: list[Reach] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if app := _app_of_module(alias.name):
                    found.append(Reach(node.lineno, app, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node.module, node.level, package)
            written = "." * node.level + (node.module or "")
            if module == "hechtwerk":  # from hechtwerk import signalling
                for alias in node.names:
                    found.append(
                        Reach(node.lineno, alias.name, f"from {written} import {alias.name}")
                    )
            elif app := _app_of_module(module):
                names = ", ".join(alias.name for alias in node.names)
                found.append(Reach(node.lineno, app, f"from {written} import {names}"))
        elif isinstance(node, ast.Call) and node.args:
            name = _call_name(node.func)
            text = _string_start(node.args[0])
            if text is None:
                continue
            if name in MODEL_LOOKUPS:
                found.append(Reach(node.lineno, text.split(".")[0], f'{name}("{text}", ...)'))
            elif name in MODULE_LOADERS and (app := _app_of_module(text)):
                found.append(Reach(node.lineno, app, f'{name}("{text}")'))
    return found


def offences() -> list[str]:
    lines = []
    ours = apps_on_disk()
    for app in ours:
        if app not in LAYER_OF:
            continue  # reported by test_it_places_every_app_in_a_layer
        for path in app_modules(app):
            package = ("hechtwerk", *path.relative_to(PACKAGE).parts[:-1])
            for reach in reaches(path.read_text(encoding="utf-8"), package):
                target = reach.target
                if target == app or (target not in LAYER_OF and target not in ours):
                    continue  # itself, or not one of ours (auth, contenttypes, ...)
                if LAYER_OF.get(target, len(LAYERS)) < LAYER_OF[app]:
                    continue
                where = path.relative_to(ROOT)
                lines.append(f"{where}:{reach.line}: {app} → {target} ({reach.how})")
    return lines


def test_it_places_every_app_in_a_layer():
    missing = [app for app in apps_on_disk() if app not in LAYER_OF]
    assert not missing, f"add these apps to LAYERS and to docs/architecture.md: {missing}"


def test_it_writes_the_same_order_in_the_architecture_document():
    order = " → ".join(", ".join(f"`{app}`" for app in layer) for layer in LAYERS)
    assert order in ARCHITECTURE.read_text(encoding="utf-8"), f"docs/architecture.md lacks: {order}"


def test_it_imports_only_downwards():
    found = offences()
    assert not found, "imports against the order of the apps:\n" + "\n".join(found)


# -- the scanner itself finds every route (so the test above can fail) -----------------------------

HIDDEN_REACHES = """
import hechtwerk.signalling.models
from hechtwerk.signalling.constants import X
from hechtwerk import signalling
from ...signalling import rules
from django.apps import apps
from importlib import import_module

def later():
    from hechtwerk.signalling.queries import y
    apps.get_model("signalling", "Referral")
    get_model("signalling.Referral")
    apps.get_app_config("signalling")
    import_module("hechtwerk.signalling.api")
    import_module(f"hechtwerk.signalling.{name}")
    apps.get_model("auth", "Group")
    from .rules import z
"""


def test_it_finds_every_route_to_another_app():
    found = reaches(HIDDEN_REACHES, ("hechtwerk", "catalogue", "sub"))
    assert sorted(r.line for r in found if r.target == "signalling") == [
        2,
        3,
        4,
        5,
        10,
        11,
        12,
        13,
        14,
        15,
    ]
    assert {(r.line, r.target) for r in found if r.target != "signalling"} == {
        (16, "auth"),
        (17, "catalogue"),
    }


@pytest.mark.parametrize(
    ("app", "target", "allowed"),
    [
        ("catalogue", "signalling", False),
        ("signalling", "catalogue", True),
        ("instruments", "signalling", False),
        ("instruments", "method", True),
        ("method", "instruments", False),
        ("core", "accounts", False),
        ("accounts", "core", True),
        ("licensing", "materials", False),  # siblings in one layer
    ],
)
def test_it_allows_only_a_lower_layer(app, target, allowed):
    assert (LAYER_OF[target] < LAYER_OF[app]) is allowed
