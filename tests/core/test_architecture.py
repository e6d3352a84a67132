"""The apps depend on each other one way (README, "Architecture"), and the schema never grows a
field for identity documents."""

import ast
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
    # Consent, opt-out and the gateway's webhook: about contacts; nothing imports texting.
    "texting": {"core", "accounts", "committees", "contacts"},
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
