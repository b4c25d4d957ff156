"""The apps form a stack that is imported one way: each module imports only its own app and those below.

A reader can open a lower app without knowing the higher ones, and a change to a page cannot reach down
into the counting rule. Imports sit at the top of each file: an import inside a function that only dodges
a cycle is a sign the layers point the wrong way, so it fails here too.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top. Apps on one line are side by side: they may import each other's modules only if listed
# as allowed below, never in a circle.
LAYERS = [
    ("common",),
    ("jobs", "vvg_profile"),
    ("strategies",),
    ("projects",),
    ("participants",),
    ("progress",),
    ("public", "workspace", "reports", "workbooks", "opendata", "demo"),
    ("vvg_portal",),
]
LAYER_OF = {app: level for level, apps in enumerate(LAYERS) for app in apps}
# Side-by-side imports on the top layer that are part of the design.
SIDEWAYS = set()


def imported_apps(source):
    """[(app, line, inside a function)] for each import of a portal app in `source`."""
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            names = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                names = [child.module]
            for name in names:
                app = name.split(".")[0]
                if app in LAYER_OF:
                    found.append((app, child.lineno, in_function))
            visit(child, nested)

    visit(ast.parse(source), False)
    return found


def violations(app, source):
    """What is wrong with the imports of a module of `app`: upward, sideways or inside a function."""
    problems = []
    for other, line, in_function in imported_apps(source):
        if other == app:
            continue
        if in_function:
            problems.append(f"line {line}: imports {other} inside a function")
        if LAYER_OF[other] > LAYER_OF[app]:
            problems.append(f"line {line}: imports {other}, a layer above {app}")
        elif LAYER_OF[other] == LAYER_OF[app] and (app, other) not in SIDEWAYS:
            problems.append(f"line {line}: imports {other}, beside {app} on the same layer")
    return problems


def portal_modules():
    for app in LAYER_OF:
        for path in sorted((ROOT / app).rglob("*.py")):
            yield app, path


def test_every_portal_app_is_in_a_layer():
    portal_apps = {config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT}
    assert portal_apps | {"vvg_portal"} == set(LAYER_OF)


@pytest.mark.parametrize("app", list(LAYER_OF))
def test_each_app_imports_only_the_layers_below_it_and_at_the_top_of_its_files(app):
    problems = [
        f"{path.relative_to(ROOT)} {problem}"
        for module_app, path in portal_modules()
        if module_app == app
        for problem in violations(app, path.read_text())
    ]
    assert problems == []


def test_it_finds_a_planted_upward_import():
    assert violations("strategies", "from progress.calculation import strategy_progress\n") == [
        "line 1: imports progress, a layer above strategies"
    ]
    assert violations("projects", "import participants.models\n") == [
        "line 1: imports participants, a layer above projects"
    ]


def test_it_finds_an_import_that_dodges_a_cycle_inside_a_function():
    planted = "def figures():\n    from participants.models import ProgressReport\n    return ProgressReport\n"
    assert violations("progress", planted) == ["line 2: imports participants inside a function"]


def test_it_finds_a_sideways_import_on_the_top_layer():
    assert violations("public", "from workspace import selectors\n") == [
        "line 1: imports workspace, beside public on the same layer"
    ]


def test_it_lets_an_app_import_those_below_it():
    assert violations("public", "from common.pagination import paginate\nfrom progress import calculation\n") == []
