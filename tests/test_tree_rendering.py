"""The strategy tree rendered in one flat loop (public/tree.py) shows exactly what the recursive includes showed.

`tests/reference_templates/node_tree.html` is the tree template as it was before it was flattened; each test
renders both from the same progress and compares the HTML, whitespace between tags aside.
"""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template import Context, Engine
from django.template import engines as django_engines
from django.utils import translation

from benchmarks.data import AS_OF, build_strategy
from progress.calculation import strategy_progress
from public.tree import tree_rows
from strategies.models import Strategy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def engines():
    """The portal's template engine, and one that also finds the reference tree under `reference/`."""
    portal = django_engines["django"].engine
    reference_tree = (ROOT / "tests" / "reference_templates" / "node_tree.html").read_text()
    reference = Engine(
        dirs=portal.dirs,
        loaders=[
            ("django.template.loaders.locmem.Loader", {"reference/node_tree.html": reference_tree}),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
        libraries=portal.libraries,
        builtins=portal.builtins,
    )
    return portal, reference


def _normal(html):
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def _both(engines, nodes, top_level, as_of_query=""):
    flat, reference = engines
    new = flat.get_template("strategies/node_tree.html").render(
        Context({"rows": tree_rows(nodes, top_level=top_level), "as_of_query": as_of_query})
    )
    old = reference.get_template("reference/node_tree.html").render(
        Context({"nodes": nodes, "top_level": top_level, "as_of_query": as_of_query})
    )
    return _normal(new), _normal(old)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_demo_strategies_render_as_before(engines, language):
    call_command("load_demo", "--force", verbosity=0)
    with translation.override(language):
        for strategy in Strategy.objects.all():
            progress = strategy_progress(strategy)
            new, old = _both(engines, progress.roots, 3, "data=2024-06-30")
            assert new == old and progress.roots and new.count("indicator-row") == old.count("indicator-row")
            for np in progress.nodes():
                if np.children:
                    new, old = _both(engines, np.children, 2 - np.node.depth)
                    assert new == old


@pytest.mark.django_db
def test_a_generated_strategy_renders_as_before(engines):
    strategy = build_strategy(3)
    progress = strategy_progress(strategy, AS_OF)
    with translation.override("lt"):
        new, old = _both(engines, progress.roots, 3)
    assert new == old
    assert new.count('class="node node-depth-') == len(list(progress.nodes())) == 21
    assert new.count("<ul") == new.count("</ul>") and new.count("<li") == new.count("</li>")


def test_the_rows_open_and_close_the_nested_lists_in_order():
    class Node:
        def __init__(self, depth):
            self.depth = depth

    class Np:
        def __init__(self, depth, *children):
            self.node, self.children = Node(depth), list(children)

    tree = [Np(0, Np(1, Np(2), Np(2)), Np(1)), Np(0)]
    rows = tree_rows(tree, top_level=3)
    assert [(row.np.node.depth, row.level, row.opens, len(row.closes)) for row in rows] == [
        (0, 3, True, 0),
        (1, 4, True, 0),
        (2, 5, False, 0),
        (2, 5, False, 1),
        (1, 4, False, 1),
        (0, 3, False, 0),
    ]
