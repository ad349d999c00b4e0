"""The package's house rules, measured: stages import only from below, no circles, small rooms.

The stages, bottom to top (the README's layout table says what each holds):

    core → read → census → plan → report → batch → web → cli

A module may import from its own stage and from the stages below it, never from above; no
two modules import each other, directly or round a longer circle (imports under
``TYPE_CHECKING`` are for the type checker only and are not counted).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ktt_indicators"
STAGES = ("core", "read", "census", "plan", "report", "batch", "web", "cli")

MODULE_LINES = 600
CLASS_LINES = 250
FUNCTION_LINES = 60
COMMAND_LINES = 40


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (without the ``ktt_indicators.``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements that run: all but those under ``if TYPE_CHECKING:``."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _resolve(module: str, is_package: bool, node: ast.ImportFrom | ast.Import) -> set[str]:
    """The package's own modules that an import statement loads (dotted, no package prefix)."""
    targets: set[str] = set()
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.startswith("ktt_indicators."):
                targets.add(alias.name.removeprefix("ktt_indicators."))
        return {t for t in targets if t in MODULES}
    if node.level == 0:
        if not (node.module or "").startswith("ktt_indicators"):
            return set()
        base = (node.module or "").removeprefix("ktt_indicators").lstrip(".")
    else:
        here = module.split(".") if module else []
        package = here if is_package else here[:-1]
        up = package[: len(package) - (node.level - 1)] if node.level > 1 else package
        base = ".".join([*up, *([node.module] if node.module else [])])
    for alias in node.names:
        candidate = f"{base}.{alias.name}" if base else alias.name
        if candidate in MODULES:
            targets.add(candidate)
        elif base in MODULES:
            targets.add(base)
    return {t for t in targets if t in MODULES}


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        for node in _runtime_imports(tree):
            edges |= _resolve(name, is_package, node)
        # A package's __init__ is run by importing any module inside it: it is not an edge
        # of its own, only what it imports is.
        graph[name] = {e for e in edges if e != name and not name.startswith(f"{e}.")}
    return graph


GRAPH = _graph()


def _stage(module: str) -> int | None:
    head = module.split(".")[0]
    return STAGES.index(head) if head in STAGES else None


def test_every_module_is_in_a_stage() -> None:
    # The package's own two: its public names (__init__) and python -m (__main__, the front).
    loose = [m for m in MODULES if m and m != "__main__" and _stage(m) is None]
    assert loose == [], f"modules outside the stage folders {STAGES}: {loose}"


def test_no_import_from_a_higher_stage() -> None:
    upward = [
        f"{m} ({STAGES[_stage(m) or 0]}) imports {t} ({STAGES[_stage(t) or 0]})"
        for m, targets in GRAPH.items()
        if m and _stage(m) is not None
        for t in sorted(targets)
        if t and (_stage(t) or 0) > (_stage(m) or 0)
    ]
    assert upward == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle_between_modules() -> None:
    assert _cycles(GRAPH) == []


def test_no_import_circle_between_folders() -> None:
    folders: dict[str, set[str]] = {}
    for m, targets in GRAPH.items():
        folders.setdefault(m.split(".")[0], set()).update(
            t.split(".")[0] for t in targets if t.split(".")[0] != m.split(".")[0]
        )
    assert _cycles(folders) == []


def test_the_circle_finder_finds_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def _is_data(node: ast.stmt) -> bool:
    """A pure data table: a top-level assignment of a literal (dict, tuple, list, str…)."""
    value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
    if value is None:
        return False
    try:
        ast.literal_eval(value)
    except ValueError:
        return False
    return True


def _code_lines(tree: ast.Module, total: int) -> int:
    data = sum(n.end_lineno - n.lineno + 1 for n in tree.body if _is_data(n) and n.end_lineno)
    return total - data


def _is_command(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for deco in node.decorator_list:
        call = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(call, ast.Attribute) and call.attr in {"command", "callback"}:
            return True
    return False


def _oversized() -> list[str]:
    problems = []
    for name, path in MODULES.items():
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        lines = _code_lines(tree, len(source.splitlines()))
        if lines > MODULE_LINES:
            problems.append(f"{name}: {lines} lines of code > {MODULE_LINES}")
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            if isinstance(node, ast.ClassDef) and size > CLASS_LINES:
                problems.append(f"{name}.{node.name}: class of {size} lines > {CLASS_LINES}")
            elif not isinstance(node, ast.ClassDef):
                limit = COMMAND_LINES if _is_command(node) else FUNCTION_LINES
                if size > limit:
                    problems.append(f"{name}.{node.name}: {size} lines > {limit}")
    return problems


def test_no_room_too_large() -> None:
    assert _oversized() == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("X = {'a': 1}\n" * 3 + "def f():\n    pass\n", 2),
        ("X = dict(a=1)\n", 1),
    ],
)
def test_data_tables_are_not_counted_as_code(source: str, expected: int) -> None:
    assert _code_lines(ast.parse(source), len(source.splitlines())) == expected
