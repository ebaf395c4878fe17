"""The library's layers hold: no import runs upwards, no circle, no private name shared.

The layers, lowest first (docs/architecture.md explains them):

    data → knowledge → models → charts → ui → lessons → delivery

A module may import from its own layer and any layer below it. Every import counts,
also one inside a function (an import hidden in a function is still a dependency,
and a circle hidden that way is still a circle). Private names (``_name``) stay in
their module: no ``from .x import _y`` and no ``x._y``. A private *module* (such as
``twitchlib._data``) is the package's own and may be imported inside ``twitchlib``,
but not from ``tools/`` or ``benchmarks/``, which use the public API only.

The test reads the source with :mod:`ast`; nothing is imported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "twitchlib"
OUTSIDE = [ROOT / "tools", ROOT / "benchmarks"]

LAYERS = (
    "data",
    "knowledge",
    "models",
    "charts",
    "ui",
    "lessons",
    "package",
    "delivery",
)
"""Lowest first. ``package`` is ``twitchlib/__init__.py``, the public face that
re-exports the layers below it; only ``delivery`` sits above it."""

# Module or package (dotted name) -> its layer. A package's entry covers its
# submodules; the longest matching name wins. A new module needs a row here.
LAYER_OF = {
    # data: the checked tables, records written and read, fixed texts.
    "twitchlib._data": "data",
    "twitchlib.safety": "data",
    "twitchlib.store": "data",
    "twitchlib.store_records": "data",
    "twitchlib.store_rows": "data",
    "twitchlib.store_schema": "data",
    # knowledge: the factors and the facts with their sources.
    "twitchlib.scenario": "knowledge",
    "twitchlib.labs": "knowledge",
    "twitchlib.knowledge": "knowledge",
    # models: the qualitative causal graph, the likelihood model, the nerve.
    "twitchlib.screening": "models",
    "twitchlib.qualitative": "models",
    "twitchlib.causal_subgraph": "models",
    "twitchlib.routes": "models",
    "twitchlib.attribution": "models",
    "twitchlib.assessment": "models",
    "twitchlib.likelihood": "models",
    "twitchlib.model": "models",
    "twitchlib.membrane": "models",
    "twitchlib.nerve_inputs": "models",
    "twitchlib.nerve": "models",
    "twitchlib.neuron_reference": "models",
    "twitchlib.diet": "models",
    # charts: figures and their summaries, no widgets.
    "twitchlib.charts": "charts",
    # Deprecated faces kept for old notebooks: they re-export several layers.
    "twitchlib.plots": "package",
    "twitchlib.diagrams": "charts",
    # ui: widgets and apps.
    "twitchlib.ui": "ui",
    "twitchlib.widgets": "package",
    # lessons: what is particular to each lesson, exercises and their checks.
    "twitchlib.lessons": "lessons",
    "twitchlib.exercises": "lessons",
    "twitchlib.coursework": "lessons",
    "twitchlib.answers": "lessons",
    "twitchlib": "package",
    # delivery: the console command and what it builds and serves.
    "twitchlib.delivery": "delivery",
}

# Known violations that other work in progress removes. Each entry is
# (importing module, imported module) with the reason; empty this list as they go.
# A listed pair that no longer occurs fails the test, so the list only shrinks.
KNOWN_UPWARD: dict[tuple[str, str], str] = {}
KNOWN_CIRCLES: dict[frozenset[str], str] = {}
KNOWN_PRIVATE: dict[tuple[str, str], str] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def library_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def known_modules() -> set[str]:
    return {module_name(p) for p in library_files()}


def layer(module: str) -> str:
    name = module
    while name:
        if name in LAYER_OF:
            return LAYER_OF[name]
        name = name.rpartition(".")[0]
    raise KeyError(module)


def _package_of(path: Path, name: str) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def imports(
    path: Path, name: str | None = None
) -> Iterator[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every import in a file.

    ``from a import b`` gives module ``a.b`` when ``a.b`` is a module of the
    package, else module ``a`` and name ``b``.
    """
    modules = known_modules()
    name = module_name(path) if name is None else name
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package_of(path, name).split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if candidate in modules:
                    yield candidate, None, node.lineno
                else:
                    yield target, alias.name, node.lineno


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def library_edges() -> dict[str, set[str]]:
    """Module -> the twitchlib modules it imports (anywhere in its source)."""
    edges: dict[str, set[str]] = {}
    modules = known_modules()
    for path in library_files():
        source = module_name(path)
        for target, _, _ in imports(path):
            if target in modules and target != source:
                edges.setdefault(source, set()).add(target)
    return edges


def test_every_module_has_a_layer():
    missing = sorted(m for m in known_modules() if _has_no_layer(m))
    assert not missing, (
        f"add these to LAYER_OF in tests/test_layers.py: {', '.join(missing)}"
    )


def _has_no_layer(module: str) -> bool:
    try:
        layer(module)
    except KeyError:
        return True
    return False


def test_no_import_runs_upwards():
    found = {}
    for source, targets in library_edges().items():
        for target in targets:
            if LAYERS.index(layer(target)) > LAYERS.index(layer(source)):
                found[(source, target)] = f"{layer(source)} → {layer(target)}"
    unexpected = {k: v for k, v in found.items() if k not in KNOWN_UPWARD}
    assert not unexpected, "imports running upwards: " + "; ".join(
        f"{a} imports {b} ({why})" for (a, b), why in sorted(unexpected.items())
    )
    gone = set(KNOWN_UPWARD) - set(found)
    assert not gone, f"fixed, remove from KNOWN_UPWARD: {sorted(gone)}"


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_circles_are_found():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        ["a", "b", "c"]
    ]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_circle():
    found = {frozenset(group) for group in circles(library_edges())}
    unexpected = found - set(KNOWN_CIRCLES)
    assert not unexpected, "import circles: " + "; ".join(
        " ↔ ".join(sorted(group)) for group in unexpected
    )
    gone = set(KNOWN_CIRCLES) - found
    assert not gone, f"fixed, remove from KNOWN_CIRCLES: {sorted(map(sorted, gone))}"


def private_uses(
    path: Path, inside: bool, name: str | None = None
) -> Iterator[tuple[str, str, int]]:
    """(imported module, private name, line) for private names taken from another module."""
    modules = known_modules()
    bound: dict[str, str] = {}  # local name -> twitchlib module it refers to
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = list(imports(path, name))
    for target, name, line in found:
        if name is not None and _private(name):
            yield target, name, line
        elif name is None and not inside:
            last = target.rpartition(".")[2]
            if target.startswith("twitchlib") and _private(last):
                yield target, last, line
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                for target, _, _ in found:
                    if target.endswith("." + alias.name) and target in modules:
                        bound[alias.asname or alias.name] = target
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules and alias.asname:
                    bound[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and _private(node.attr)
            and f"{bound[node.value.id]}.{node.attr}" not in modules
        ):
            yield bound[node.value.id], node.attr, node.lineno


@pytest.mark.parametrize("inside", [True, False], ids=["library", "tools"])
def test_no_private_name_is_used_across_modules(inside):
    files = (
        library_files()
        if inside
        else sorted(p for folder in OUTSIDE for p in folder.rglob("*.py"))
    )
    found = {}
    for path in files:
        source = module_name(path)
        for target, name, line in private_uses(path, inside):
            if target != source:
                found[(source, target)] = f"{path.relative_to(ROOT)}:{line} {name}"
    unexpected = {k: v for k, v in found.items() if k not in KNOWN_PRIVATE}
    assert not unexpected, "private names used across modules: " + "; ".join(
        sorted(unexpected.values())
    )
    gone = {k for k in KNOWN_PRIVATE if k[0].startswith("twitchlib") == inside} - set(
        found
    )
    assert not gone, f"fixed, remove from KNOWN_PRIVATE: {sorted(gone)}"


def test_the_checks_see_a_violation(tmp_path):
    """Each check finds what it looks for, so an empty result means something."""
    fake = tmp_path / "fake.py"
    fake.write_text(
        "from .nerve import _check\nfrom . import nerve\nnerve._tables(1, 2)\n"
        "from . import _data\n",
        encoding="utf-8",
    )
    found = {name for _, name, _ in private_uses(fake, True, "twitchlib.fake")}
    assert found == {"_check", "_tables"}
    tool = tmp_path / "tool.py"
    tool.write_text(
        "from twitchlib.nerve import _check, simulate\nfrom twitchlib import _data, nerve\n"
        "nerve._tables(1, 2)\n_data._load.cache_clear()\nnerve.simulate(1, 2)\n",
        encoding="utf-8",
    )
    outside = {name for _, name, _ in private_uses(tool, False, "tools.tool")}
    assert outside == {"_check", "_data", "_tables", "_load"}
    assert layer("twitchlib.ui.explorer") == "ui"
    assert layer("twitchlib.lessons.lesson_05") == "lessons"


# Files that still import twitchlib modules inside functions, where it buys no start-up
# time (``import twitchlib`` loads those modules anyway). Remove a file once its
# imports are at the top; the list only shrinks.
KNOWN_IMPORTS_IN_FUNCTIONS = {
    "twitchlib/coursework.py",
    "twitchlib/delivery/_paths.py",
    # lab converts the lessons to an edition only when asked, so `lab --help` and
    # `twitchlib lab` (every answer) never load the editions and the lessons (pandas).
    "twitchlib/delivery/lab.py",
}


def test_library_imports_are_at_the_top():
    """Inside a function only the heavy optional libraries are imported (plotly,
    ipywidgets, nbformat, Voila, ...), and the console command's subcommands, which
    cli.py imports by name once it knows which one runs."""
    found = set()
    for path in library_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (
                    node.level or (node.module or "").startswith("twitchlib")
                ):
                    found.add(str(path.relative_to(ROOT)))
    unexpected = found - KNOWN_IMPORTS_IN_FUNCTIONS
    assert not unexpected, f"move these imports to the top: {sorted(unexpected)}"
    gone = KNOWN_IMPORTS_IN_FUNCTIONS - found
    assert not gone, f"fixed, remove from KNOWN_IMPORTS_IN_FUNCTIONS: {sorted(gone)}"


def test_no_library_module_is_over_600_lines():
    package = Path(__file__).resolve().parent.parent / "twitchlib"
    long = {
        str(path.relative_to(package)): n
        for path in package.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}, f"split these modules: {long}"
