"""The strategy tree as a flat list of rows, so that a page renders it in one loop instead of nested includes.

Nested `{% include %}`s cost a frame stack that deepens with every level and an include per node; one loop over
rows in depth-first order renders the same nested lists: a row opens its node's list item, `opens` says whether
a list of children follows, and `closes` how many lists end after it.
"""

from dataclasses import dataclass


@dataclass
class TreeRow:
    np: object  # NodeProgress
    level: int  # the heading level of the node's title (h2–h6)
    size: int  # the heading's look, one smaller
    opens: bool  # the node's children follow, in a nested list
    closes: range  # the nested lists that end after this row (each closes its parent's list item too)


def _heading(depth, top):
    return max(1, min(depth + top, 6))


def tree_rows(nodes, top_level=2):
    """The rows of the trees under `nodes` (NodeProgress), depth first; a node at depth d gets heading d + top."""
    rows = []
    stack = [(iter(nodes), None)]
    while stack:
        children, parent_row = stack[-1]
        np = next(children, None)
        if np is None:
            stack.pop()
            if parent_row is not None:
                rows[-1].closes = range(len(rows[-1].closes) + 1)
            continue
        level = _heading(np.node.depth, top_level)
        row = TreeRow(np=np, level=level, size=_heading(level + 1, 0), opens=bool(np.children), closes=range(0))
        rows.append(row)
        if np.children:
            stack.append((iter(np.children), row))
    return rows
