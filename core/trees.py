"""Trees kept as parent links (base areas within base areas)."""

from collections.abc import Iterable


def children_by_parent(pairs: Iterable[tuple[int, int | None]]) -> dict[int | None, list[int]]:
    """(id, parent id) pairs as each parent's list of children; top-level ids under None."""
    below: dict[int | None, list[int]] = {}
    for pk, parent in pairs:
        below.setdefault(parent, []).append(pk)
    return below


def subtree(below: dict[int | None, list[int]], root: int) -> list[int]:
    """`root` and every id under it, at any depth; a loop in the links ends the walk instead
    of running for ever."""
    found, seen, todo = [], {root}, [root]
    while todo:
        pk = todo.pop()
        found.append(pk)
        for child in below.get(pk, ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return found
