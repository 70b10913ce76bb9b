"""The package's shape: data flows one way. Nothing in the pipeline imports a view or the
app, and no modules of ``assistant`` import each other in a cycle (read from the source,
every import, also those inside functions)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from helpers import ROOT

PACKAGE = ROOT / "assistant"
#: The shells: they may import anything (views included).
SHELLS = frozenset({"assistant.cli", "assistant.__main__"})


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path, name: str) -> Iterator[str]:
    """Every module ``path`` imports (absolute names; ``from assistant import x`` counts as
    ``assistant.x`` when that is a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {m for m in _imports(path, name) if m in modules and m != name} for name, path in modules.items()}


def test_the_graph_is_read() -> None:
    graph = _graph()
    assert "assistant.views.handout" in graph and "assistant.chat" in graph["assistant.views.parts"]
    assert "assistant.views.terminal" in graph["assistant.cli"]


def test_no_pipeline_module_imports_a_view_or_the_app() -> None:
    offenders = {
        name: sorted(m for m in _imports(path, name) if m.startswith("assistant.views") or m == "streamlit_app")
        for name, path in _modules().items()
        if not name.startswith("assistant.views") and name not in SHELLS
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` (as a path that returns to its start), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_import_cycle() -> None:
    # The package's __init__ is left out: importing assistant.x imports assistant first,
    # which is no dependency of x on the package's own imports.
    graph = {name: {m for m in deps if m != "assistant"} for name, deps in _graph().items()}
    assert _cycle(graph) is None


def test_the_cycle_finder_finds_one() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_an_index_does_not_depend_on_views_shells_or_ui_text() -> None:
    """Rewording a UI string, a view or the handout never makes an index stale (no re-embedding)."""
    from assistant.store import stored_code_files

    stored = {str(p.relative_to(PACKAGE)) for p in stored_code_files()}
    assert {"parse.py", "network.py", "data/concepts.toml", "data/languages/de.toml"} <= stored
    assert not [f for f in stored if f.startswith(("views/", "data/locale/"))]
    assert not {"cli.py", "ui_text.py", "messages.py", "saved_conversations.py", "i18n.py"} & stored


MAX_MODULE_LINES = 800


def test_no_module_is_over_800_lines() -> None:
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in _modules().items()}
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}
    assert sizes["assistant.parse"] > 100  # the sizes are read


def test_the_app_page_shows_a_sign_of_life_before_it_imports_the_pipeline() -> None:
    """U14 (tester): the first run of a process imports the pipeline for seconds before ``main()``
    drew anything: a white page. The page must be set up (and say it is loading) by a statement
    that comes before every import of the pipeline but the catalogues'."""
    tree = ast.parse((ROOT / "streamlit_app.py").read_text(encoding="utf-8"))
    first_pipeline = next(i for i, node in enumerate(tree.body) if isinstance(node, ast.ImportFrom)
                          and (node.module or "").startswith("assistant") and node.module != "assistant.messages")
    drawn = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)
             and "set_page_config" in ast.unparse(node) and node.name != "main"}
    page_set_up = next((i for i, node in enumerate(tree.body) if not isinstance(node, (ast.Import, ast.ImportFrom))
                        and not isinstance(node, ast.FunctionDef)
                        and any(f"{name}(" in ast.unparse(node) or "set_page_config" in ast.unparse(node)
                                for name in drawn or {"st.set_page_config"})), None)
    assert page_set_up is not None and page_set_up < first_pipeline
    main = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "main")
    assert "set_page_config" not in ast.unparse(main)  # once, first
