"""The kiosk is offline: nothing it imports (its own modules and every ``app`` module they reach)
imports a network library, so it cannot talk to anything but its camera, files and database.

``lint-imports`` (contract ``kiosk-is-offline``) forbids the top-level packages; import-linter
cannot name a part of an external package (``PySide6.QtNetwork``), so this test reads every
module of the kiosk's import closure itself, and starts the kiosk's modules in a fresh process.
"""

from __future__ import annotations

import ast
import configparser
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[3]
#: what the kiosk may not import, directly or through any app module it imports
NETWORK = ("socket", "ssl", "urllib", "http", "httpx", "requests", "app.client", "PySide6.QtNetwork")
KIOSK_MODULES = ("app.gui.kiosk.main", "app.gui.kiosk.window")


def kiosk_closure() -> set[str]:
    """The kiosk's modules and every ``app`` module they import, directly or not."""
    graph = grimp.build_graph("app", cache_dir=None)
    own = {m for m in graph.modules if m == "app.gui.kiosk" or m.startswith("app.gui.kiosk.")}
    return own | set(graph.find_upstream_modules("app.gui.kiosk", as_package=True))


def imported_names(path: Path) -> set[str]:
    """Every module name an import statement of ``path`` names (``from a import b``: a and a.b)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def module_file(module: str) -> Path:
    base = ROOT / Path(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def forbidden(name: str) -> bool:
    return any(name == bad or name.startswith(bad + ".") for bad in NETWORK)


def test_no_module_the_kiosk_reaches_imports_a_network_library() -> None:
    closure = kiosk_closure()
    assert "app.gui.kiosk.window" in closure and "app.cases.sql" in closure  # the closure is real
    found = {
        (module, name)
        for module in sorted(closure)
        for name in imported_names(module_file(module))
        if forbidden(name)
    }
    assert found == set()


def test_the_import_contract_names_the_network_libraries() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter", encoding="utf-8")
    contract = config["importlinter:contract:kiosk-is-offline"]
    assert contract["source_modules"].split() == ["app.gui.kiosk"]
    assert {"app.client", "httpx", "requests", "urllib", "http", "socket"} <= set(
        contract["forbidden_modules"].split()
    )


def test_the_started_kiosk_has_no_qt_network_module_loaded() -> None:
    code = "import sys\n" + "".join(f"import {m}\n" for m in KIOSK_MODULES)
    code += "print(sorted(m for m in sys.modules if m.startswith('PySide6.QtNetwork')))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "[]"
