"""The apps depend on each other one way (README, "Architecture"), no module imports itself
back through others, production code imports neither the benchmark nor the test factories, and
the schema never grows a field for identity documents."""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Each app may import only the apps listed for it.
ALLOWED = {
    "core": set(),
    "accounts": {"core"},
    "committees": {"core", "accounts"},
    "contacts": {"core", "accounts", "committees"},
    "investigation": {"core", "accounts", "committees", "contacts"},
    "distribution": {"core", "accounts", "committees", "contacts", "investigation"},
    "handouts": {"core", "accounts", "committees", "distribution"},
    # Consent, opt-out and the gateway's webhook: about contacts; turnout texts for a
    # campaign's actions (investigation); reminders by text read serves and deliveries
    # (distribution enqueues texting's tasks by name and never imports it). Nothing imports
    # texting.
    "texting": {"core", "accounts", "committees", "contacts", "investigation", "distribution"},
    "summations": {
        "core",
        "accounts",
        "committees",
        "contacts",
        "investigation",
        "distribution",
        "handouts",
    },
    "dashboard": {
        "core",
        "accounts",
        "committees",
        "contacts",
        "investigation",
        "distribution",
        "handouts",
        "summations",
    },
}


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & set(ALLOWED)


def test_apps_import_only_the_apps_below_them():
    violations = []
    for app, allowed in ALLOWED.items():
        for path in (ROOT / app).rglob("*.py"):
            for imported in _imported_apps(path) - allowed - {app}:
                violations.append(f"{path.relative_to(ROOT)} imports {imported}")
    assert violations == []


def _modules() -> dict[str, Path]:
    """Every production module (migrations aside), by dotted name."""
    found = {}
    for app in ALLOWED:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imports(name: str, source: str, modules: dict[str, Path], *, package: bool) -> set[str]:
    """The project modules `name` imports, at the top or inside a function alike (a
    function-local import hides a cycle; it does not break it)."""
    parent = name if package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                levels = parent.split(".")
                base = ".".join(filter(None, [*levels[: len(levels) - node.level + 1], base]))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return (found & set(modules)) - {name}


def _import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    return {
        name: _imports(name, path.read_text(), modules, package=path.name == "__init__.py")
        for name, path in modules.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        return error.args[1]
    return []


def test_no_module_imports_itself_back_through_others():
    assert " -> ".join(_cycle(_import_graph(_modules()))) == ""


def test_the_cycle_check_sees_a_cycle_hidden_in_a_function():
    modules = {"a.services": Path("a/services.py"), "a.tasks": Path("a/tasks.py")}
    graph = {
        "a.services": _imports(
            "a.services", "def send():\n    from a import tasks\n", modules, package=False
        ),
        "a.tasks": _imports("a.tasks", "from . import services\n", modules, package=False),
    }
    assert graph == {"a.services": {"a.tasks"}, "a.tasks": {"a.services"}}
    assert set(_cycle(graph)) == {"a.services", "a.tasks"}


def test_production_code_imports_neither_the_benchmark_nor_the_factories():
    offending = [
        f"{path.relative_to(ROOT)} imports {imported}"
        for path in _modules().values()
        for imported in _imported_names(path)
        if imported.split(".")[0] in {"bench", "tests", "factory"}
        or imported.endswith(".factories")
    ]
    assert offending == []


def _imported_names(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


FORBIDDEN = (
    "passport",
    "ssn",
    "social_security",
    "id_number",
    "idnumber",
    "identity",
    "immigration",
    "nationality",
    "citizenship",
    "birth",
    "dob",
    "license",
    "licence",
    "document",
    "alien",
    "visa",
    "a_number",
)


def test_no_model_has_a_field_for_identity_documents():
    offending = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in ALLOWED
        for field in model._meta.get_fields()
        if any(word in field.name.lower() for word in FORBIDDEN)
    ]
    assert offending == []
