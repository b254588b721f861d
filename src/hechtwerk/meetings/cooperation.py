"""The cooperation map: who works with whom around a family, as geometry for an SVG.

Pure: organisations (with how many participants came from each) and the links named between
them become points on a circle and lines between them. The template draws them; a table beside
the drawing says the same in words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SIZE = 640  # the square viewBox
RADIUS = 220  # of the circle the organisations sit on
NODE_RADIUS = 10


@dataclass(frozen=True)
class Node:
    name: str
    participants: int
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str  # "start", "middle" or "end": labels point away from the centre
    partners: tuple[str, ...]

    @property
    def links(self) -> int:
        return len(self.partners)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class CooperationMap:
    size: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    @property
    def isolated(self) -> tuple[Node, ...]:
        """Organisations nobody named a link with: worth a conversation."""
        return tuple(n for n in self.nodes if n.links == 0)


def _anchor(cos: float) -> str:
    if cos > 0.3:
        return "start"
    if cos < -0.3:
        return "end"
    return "middle"


def cooperation_map(
    participants: Mapping[str, int], links: Iterable[tuple[str, str]]
) -> CooperationMap:
    """Place every organisation (participants' and those named in links) evenly on a circle,
    in alphabetical order, and draw each named link as a line."""
    pairs = sorted({tuple(sorted((a, b), key=str.casefold)) for a, b in links if a != b})
    names = sorted({*participants, *(n for pair in pairs for n in pair)}, key=str.casefold)
    partners: dict[str, list[str]] = {n: [] for n in names}
    for a, b in pairs:
        partners[a].append(b)
        partners[b].append(a)
    centre = SIZE / 2
    nodes: dict[str, Node] = {}
    for i, name in enumerate(names):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(names), 1)
        cos, sin = math.cos(angle), math.sin(angle)
        nodes[name] = Node(
            name=name,
            participants=participants.get(name, 0),
            x=round(centre + RADIUS * cos, 1),
            y=round(centre + RADIUS * sin, 1),
            label_x=round(centre + (RADIUS + 18) * cos, 1),
            label_y=round(centre + (RADIUS + 18) * sin + 5, 1),
            anchor=_anchor(cos),
            partners=tuple(sorted(partners[name], key=str.casefold)),
        )
    edges = tuple(Edge(a, b, nodes[a].x, nodes[a].y, nodes[b].x, nodes[b].y) for a, b in pairs)
    return CooperationMap(size=SIZE, nodes=tuple(nodes.values()), edges=edges)
