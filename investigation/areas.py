"""Base areas as a tree: which areas lie within which, at any depth.

A neighbourhood holds blocks, a block holds buildings. Figures for an area take in every area
within it, so that the neighbourhood's row counts the people in its buildings, once each. The
tree is read in one small query (a thousand areas is a few kilobytes); `groups()` gives one
level of the roll-up, which the ranking groups by in the database with a CASE over the ids
(`core.expressions.group_of`), so a rolled-up ranking is still one aggregate query."""

from dataclasses import dataclass

from contacts.models import BaseArea
from core.trees import children_by_parent, subtree


@dataclass(frozen=True)
class AreaTree:
    """Every base area's parent and name, by id."""

    parent: dict[int, int | None]
    name: dict[int, str]

    @classmethod
    def load(cls) -> "AreaTree":
        rows = BaseArea.objects.order_by().values_list("id", "parent_id", "name")
        return cls(
            parent={pk: parent for pk, parent, _ in rows},
            name={pk: name for pk, _, name in rows},
        )

    def children(self, within: int | None) -> list[int]:
        """The areas directly within `within` (None: the top-level areas), by name."""
        found = [pk for pk, parent in self.parent.items() if parent == within]
        return sorted(found, key=lambda pk: (self.name[pk].lower(), pk))

    def ancestors(self, pk: int) -> list[int]:
        """The areas `pk` lies within, outermost first (not `pk` itself)."""
        chain, seen = [], {pk}
        parent = self.parent.get(pk)
        while parent is not None and parent not in seen:  # a loop is refused on save
            chain.append(parent)
            seen.add(parent)
            parent = self.parent.get(parent)
        return chain[::-1]

    def top_level_of(self) -> dict[int, int]:
        """Each area's outermost area (a top-level area is its own)."""
        return {pk: (self.ancestors(pk) or [pk])[0] for pk in self.parent}

    def groups(self, within: int | None) -> dict[int, list[int]]:
        """One level of the roll-up: each area directly within `within` (or each top-level area)
        with itself and every area inside it, at any depth. Under `within`, the area itself
        is a group of its own too: grievances recorded at the neighbourhood, not in any of its
        buildings."""
        below = children_by_parent(self.parent.items())
        groups = {child: subtree(below, child) for child in self.children(within)}
        if within is not None:
            groups[within] = [within]
        return groups
