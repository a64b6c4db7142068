"""No import circles anywhere in ``app``: two modules that import each other (directly or round
a longer loop, imports under ``TYPE_CHECKING`` and inside functions included) hold one idea in
two places; the shared piece belongs in a module of its own."""

from __future__ import annotations

import grimp


def import_circles(package: str) -> list[list[str]]:
    """The strongly connected components of more than one module in ``package``'s import graph."""
    graph = grimp.build_graph(package, cache_dir=None)
    modules = sorted(graph.modules)
    edges = {
        m: sorted(i for i in graph.find_modules_directly_imported_by(m) if i in graph.modules)
        for m in modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    for root in modules:  # Tarjan's algorithm, iterative (the graph has hundreds of modules)
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if work:  # back in the caller: pass the lowest link up
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    circles.append(sorted(component))
    return sorted(circles)


def test_import_circles_are_found() -> None:
    """The search finds a circle when there is one (a package built for the purpose)."""
    import sys
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        pkg = Path(tmp) / "circled_pkg"
        pkg.mkdir()
        (pkg / "__init__.py").write_text("")
        (pkg / "a.py").write_text("from circled_pkg import b\n")
        (pkg / "b.py").write_text(
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from circled_pkg import c\n"
        )
        (pkg / "c.py").write_text("def f():\n    from circled_pkg import a\n")
        (pkg / "d.py").write_text("from circled_pkg import a\n")
        sys.path.insert(0, tmp)
        try:
            assert import_circles("circled_pkg") == [["circled_pkg.a", "circled_pkg.b", "circled_pkg.c"]]
        finally:
            sys.path.remove(tmp)


def test_app_has_no_import_circles() -> None:
    circles = import_circles("app")
    assert not circles, "import circles in app:\n" + "\n".join("  " + " <-> ".join(c) for c in circles)
