"""The layer rule, held against the code: every import in sim/ points to its own floor or one
below, and no modules import each other in a loop.

The floors, bottom to top, are the folders a newcomer sees: shared plumbing (errors, files,
the cache folder, the version), the scenario, the geography, the model (rules, behaviour, the
world and the event log it writes), measurement (KPIs and breakdowns from the log), one run
(`sim.runner`), its folder (`sim.runfolder`), batches, delivery (report, figures, exports, the
notebook API, and beside them the window search and the what-if page, which race batch tasks
and show results with the report's words) and the command line; `sim/__init__.py` and
`__main__.py` sit on top. Every import
counts: at module level, inside functions and under TYPE_CHECKING, read from the source with
`ast`, so a lazy import cannot hide an arrow that runs back up (as RunResult's methods once
imported the delivery layer). A new package under sim/ must be given a floor here, which is
the moment to decide where it belongs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

from tests.helpers import ROOT

SIM = ROOT / "sim"

# bottom to top; a module's floor is that of the longest prefix of its dotted name listed here
FLOORS: tuple[tuple[str, ...], ...] = (
    ("sim.errors", "sim.files", "sim.cachedir", "sim.counted", "sim.version"),
    ("sim.scenario",),
    ("sim.geo",),
    ("sim.model",),
    ("sim.measure",),
    ("sim.runner",),
    ("sim.runfolder",),
    ("sim.batch",),
    ("sim.evidence",),
    ("sim.deliver", "sim.search", "sim.app"),
    ("sim.cli",),
    ("sim", "sim.__main__"),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def floor_of(module: str) -> int:
    """The floor of a module (-1 when no listed name covers it)."""
    best, best_len = -1, -1
    for level, names in enumerate(FLOORS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > best_len:
                best, best_len = level, len(name)
    return best


def imports_of(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The sim modules a file imports anywhere in its body: `from sim.x import y` names the
    module sim.x.y when there is one, else sim.x; relative imports are resolved against the
    importing module."""
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[:len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                     for a in node.names]
        for name in names:
            while name and name not in known:  # `import sim.model.world.World` and the like
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def import_graph() -> nx.DiGraph:
    paths = {module_name(p): p for p in sorted(SIM.rglob("*.py")) if "_files" not in p.parts}
    known = set(paths)
    graph = nx.DiGraph()
    graph.add_nodes_from(paths)
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for target in imports_of(tree, module, path.name == "__init__.py", known):
            # a module's import of its own package adds nothing: Python runs a package's
            # __init__ before any module inside it anyway
            if not module.startswith(target + "."):
                graph.add_edge(module, target)
    return graph


def test_every_module_has_a_floor() -> None:
    missing = sorted(m for m in import_graph() if floor_of(m) < 0)
    assert missing == [], f"give these modules a floor in tests/test_layers.py: {missing}"


def test_no_module_imports_a_floor_above_its_own() -> None:
    graph = import_graph()
    upward = sorted(f"{a} -> {b}" for a, b in graph.edges if floor_of(b) > floor_of(a))
    assert upward == [], "imports from a lower floor to a higher one:\n" + "\n".join(upward)


def test_no_import_circles() -> None:
    # a strongly connected group of more than one module holds one or more loops of imports
    circles = [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert circles == [], "modules that import each other in a loop:\n" + "\n".join(
        " <-> ".join(c) for c in circles)


def test_the_reading_of_imports_sees_lazy_and_relative_ones() -> None:
    """The checks above would pass on a reader that sees nothing: it must see an import
    inside a function, one under TYPE_CHECKING, and `from sim import x` naming module x."""
    code = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sim.batch import store\n"
            "def f():\n    from sim.deliver.notebook import RunResult\n"
            "from sim import runner, __version__\nfrom . import layout\n")
    known = {"sim", "sim.batch", "sim.batch.store", "sim.deliver", "sim.deliver.notebook",
             "sim.runner", "sim.runfolder", "sim.runfolder.layout", "sim.runfolder.write"}
    found = imports_of(ast.parse(code), "sim.runfolder.write", False, known)
    assert found == {"sim.batch.store", "sim.deliver.notebook", "sim.runner", "sim",
                     "sim.runfolder.layout"}
    assert floor_of("sim.deliver.notebook") > floor_of("sim.runfolder.write") > floor_of(
        "sim.runner") > floor_of("sim.measure.kpis") > floor_of("sim.model.world") > floor_of(
        "sim.geo.model") > floor_of("sim.scenario.models") > floor_of("sim.errors")
    assert floor_of("sim") > floor_of("sim.cli.main")


def test_the_rule_catches_a_circle_and_an_upward_import() -> None:
    """On a made-up tree with a model module importing the report lazily and two model
    modules importing each other, both checks fire."""
    code = {"sim.model.a": "import sim.model.b\ndef f():\n    from sim.deliver import report\n",
            "sim.model.b": "from sim.model import a\n", "sim.deliver.report": ""}
    graph = nx.DiGraph()
    for module, source in code.items():
        for target in imports_of(ast.parse(source), module, False, set(code) | {"sim.model"}):
            graph.add_edge(module, target)
    assert any(floor_of(b) > floor_of(a) for a, b in graph.edges)
    assert [c for c in nx.strongly_connected_components(graph) if len(c) > 1]
