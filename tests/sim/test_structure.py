"""Imports inside qmlcourse/sim flow one way, and sim imports nothing else of qmlcourse."""

import ast
from pathlib import Path

import qmlcourse.sim

SIM = Path(qmlcourse.sim.__file__).parent


def _module_graph() -> dict[str, set[str]]:
    """Edges module -> sim module it imports (``from qmlcourse.sim import state`` counts
    as importing ``state``; importing the package itself counts as ``__init__``)."""
    modules = {p.stem for p in SIM.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in SIM.glob("*.py"):
        edges = set()
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                if name == "qmlcourse.sim":
                    if isinstance(node, ast.Import):
                        edges.add("__init__")
                    continue
                if name.startswith("qmlcourse.sim."):
                    target = name.split(".")[2]
                    if target in modules:
                        edges.add(target)
                elif name.startswith("qmlcourse"):
                    raise AssertionError(
                        f"sim/{path.name} imports {name}: sim must not depend on the rest of qmlcourse"
                    )
        # `from qmlcourse.sim import x` with x not a module would import the package
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "qmlcourse.sim":
                for a in node.names:
                    edges.add(a.name if a.name in modules else "__init__")
        edges.discard(path.stem)
        graph[path.stem] = edges
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_sim_import_graph_is_acyclic():
    graph = _module_graph()
    assert {"circuit", "grad", "operation", "state", "fusion"} <= set(graph)
    assert _cycle(graph) is None, f"import cycle: {' -> '.join(_cycle(graph))}"
    assert "circuit" not in graph["grad"], "grad takes plain data; it must not import circuit"
    assert all("__init__" not in edges for name, edges in graph.items() if name != "__init__")


def test_cycle_finder_finds_cycles():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_one_home_for_gate_tables_and_wire_checks():
    from qmlcourse import plots
    from qmlcourse.sim import gates

    assert plots._CONTROLS is gates.CONTROLS
    sources = {p.name: p.read_text() for p in SIM.glob("*.py")}
    assert [n for n, s in sources.items() if '"Toffoli": 2' in s] == ["gates.py"]
    assert [n for n, s in sources.items() if "wires must be distinct" in s] == ["state.py"]
    assert [n for n, s in sources.items() if "def full_batch" in s] == ["state.py"]
    assert [n for n, s in sources.items() if "shape[w + 1] = 2" in s] == ["apply.py"]  # the diagonal factor
