#!/usr/bin/env python3
"""Fail on an import circle, a project import deferred into a function, or an import against the layers.

The layers (docs/architecture.md): `patients` is the clinical core and imports no other project
package; `sessions_app` (the treatment workflow) imports the core; `interop` (FHIR, CSV, backups),
`portal` (the patient's pages) and `records` (staff pages composing a record with its sessions) sit
on both; `clinic` (the project: settings, URLs, middleware, admin site) may import all of them.
`demo` (development data) reads the product apps; no product package imports it.

A project import inside a function hides a circle (it runs late, so Python never sees the loop)
and is refused everywhere except where Django requires it: `AppConfig.ready()` in an apps.py.
Migrations and tests are not read. Imports under `if TYPE_CHECKING:` do not count.

Run: `python .ci/check_imports.py` (make lint runs it). Prints each problem and exits 1 if any.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Which project packages each package may import (its own included).
ALLOWED = {
    "patients": {"patients"},
    "sessions_app": {"patients", "sessions_app"},
    "interop": {"patients", "sessions_app", "interop"},
    "portal": {"patients", "sessions_app", "interop", "portal"},
    "records": {"patients", "sessions_app", "records"},
    "demo": {"patients", "sessions_app", "demo"},
    "clinic": {"patients", "sessions_app", "interop", "portal", "records", "clinic"},
    # The benchmark: the whole app and the demo data.
    "bench": {"patients", "sessions_app", "interop", "portal", "records", "clinic", "demo", "bench"},
}
PENDING: set[str] = set()  # files checked for circles only (none now)
SKIPPED_DIRS = {"migrations", "tests", ".venv", "node_modules", "staticfiles", ".git"}


def project_packages() -> set[str]:
    return {path.parent.name for path in ROOT.glob("*/__init__.py") if path.parent.name not in SKIPPED_DIRS}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_pending(path: Path) -> bool:
    relative = path.relative_to(ROOT).as_posix()
    return any(relative == item or relative.startswith(item + "/") for item in PENDING)


class Imports(ast.NodeVisitor):
    """Every project import of one file: (target module, line, deferred into a function or not)."""

    def __init__(self, packages: set[str], modules: set[str], package_of: str):
        self.packages, self.modules, self.package_of = packages, modules, package_of
        self.functions: list[str] = []
        self.classes: list[str] = []
        self.found: list[tuple[str, int, str | None]] = []  # (module, line, enclosing function or None)

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        ):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node) -> None:
        self.functions.append(getattr(node, "name", "<lambda>"))
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:  # relative: from this file's package
            base = self.package_of.rsplit(".", node.level - 1)[0] if node.level > 1 else self.package_of
            name = f"{base}.{node.module}" if node.module else base
        else:
            name = node.module or ""
        for alias in node.names:  # `from patients import views` imports the module patients.views
            candidate = f"{name}.{alias.name}"
            self._add(candidate if candidate in self.modules else name, node.lineno)

    def _add(self, name: str, line: int) -> None:
        if name.split(".")[0] not in self.packages:
            return
        while name not in self.modules and "." in name:
            name = name.rsplit(".", 1)[0]
        function = self.functions[-1] if self.functions else None
        self.found.append((name, line, function))


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main() -> int:
    packages = project_packages()
    files = [
        path
        for package in sorted(packages)
        for path in sorted((ROOT / package).rglob("*.py"))
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts)
    ]
    modules = {module_name(path) for path in files}
    graph: dict[str, set[str]] = {}
    problems: list[str] = []
    for path in files:
        name = module_name(path)
        package_of = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        visitor = Imports(packages, modules, package_of)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        relative = path.relative_to(ROOT).as_posix()
        own = name.split(".")[0]
        for target, line, function in visitor.found:
            if target != name and target.split(".")[0] != "" and not target.endswith("__init__"):
                graph.setdefault(name, set()).add(target)
            if is_pending(path):
                continue
            if function is not None and not (path.name == "apps.py" and function == "ready"):
                problems.append(f"{relative}:{line}: deferred import of {target} inside {function}()")
            allowed = ALLOWED.get(own)
            if allowed is not None and target.split(".")[0] not in allowed:
                problems.append(f"{relative}:{line}: {own} may not import {target} (layers: docs/architecture.md)")
            elif allowed is None:
                problems.append(f"{relative}: package {own} has no layer in .ci/check_imports.py ALLOWED")
    for component in circles(graph):
        problems.append("import circle: " + " -> ".join(component))
    for problem in dict.fromkeys(problems):
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
