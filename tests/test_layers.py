"""The upper floors of the package import downwards only, and never in a circle.

From the bottom: the core (scenario, geo, model, measure and the small modules beside them),
sim.runner, sim.runfolder, sim.batch, sim.deliver, sim.cli, and on top `sim/__init__.py` and
`sim/__main__.py`. Every import counts, at module level, inside functions and under
TYPE_CHECKING, read from the source with `ast`, so a lazy import cannot hide an arrow that
runs back up (as RunResult's methods once imported the delivery layer). The floors inside the
core (scenario < geo < model < measure) are not held here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.helpers import ROOT

SIM = ROOT / "sim"
# the floors named here, bottom to top; every other module of sim is the core, floor 0
FLOORS = ["sim.runner", "sim.runfolder", "sim.batch", "sim.deliver", "sim.cli", "sim"]


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _exists(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _targets(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    """The sim modules a file imports: `from sim.x import y` names sim.x.y when that is a
    module, else sim.x; relative imports are resolved against the importing module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.split(".")[0] == "sim")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[:len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            if base.split(".")[0] != "sim":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield sub if _exists(sub) else base


def _floor(name: str) -> int:
    """The floor of a module: the longest of FLOORS it is or lies under (0: the core)."""
    if name in ("sim", "sim.__main__"):
        return len(FLOORS)
    best = 0
    for i, floor in enumerate(FLOORS[:-1], start=1):
        if name == floor or name.startswith(floor + "."):
            best = i
    return best


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in sorted(SIM.rglob("*.py")):
        if "_files" in path.parts:
            continue
        name = _module(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = set(_targets(tree, name, path.name == "__init__.py")) - {name}
    return graph


def test_no_module_imports_a_floor_above_its_own() -> None:
    upward = sorted(f"{a} -> {b}" for a, targets in _imports().items() for b in targets
                    if _floor(b) > _floor(a))
    assert upward == []


def test_the_upper_floors_hold_no_circle() -> None:
    """Tarjan's strongly connected components over the modules from sim.runner up. A module's
    import of its own package (`from sim.deliver.report import DEFAULT_OUT` in report.build)
    adds nothing: Python runs a package's __init__ before any module inside it anyway."""
    graph = {a: {b for b in targets if _floor(b) > 0 and not a.startswith(b + ".")}
             for a, targets in _imports().items() if _floor(a) > 0}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert circles == []


def test_the_reading_of_imports_sees_lazy_and_relative_ones() -> None:
    """The checks above would pass on a reader that sees nothing: it must see an import
    inside a function, one under TYPE_CHECKING, and `from sim import x` naming module x."""
    code = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sim.batch import store\n"
            "def f():\n    from sim.deliver.notebook import RunResult\n"
            "from sim import runner, __version__\nfrom . import layout\n")
    found = set(_targets(ast.parse(code), "sim.runfolder.write", False))
    assert found == {"sim.batch.store", "sim.deliver.notebook", "sim.runner", "sim",
                     "sim.runfolder.layout"}
    assert _floor("sim.deliver.notebook") > _floor("sim.runfolder.write") > _floor("sim.runner")
    assert _floor("sim.model.world") == 0 and _floor("sim") > _floor("sim.cli.main")
