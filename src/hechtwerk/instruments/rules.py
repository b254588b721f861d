"""Pure decisions about instrument versions: what changed between two versions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ItemFacts:
    code: str
    text: str
    options: tuple[tuple[str, str], ...]  # (code, label) in order


@dataclass(frozen=True)
class ItemChange:
    code: str
    text: str  # the new text (the old one for a removed item)
    old_text: str = ""
    options_added: tuple[str, ...] = ()
    options_removed: tuple[str, ...] = ()
    options_relabelled: tuple[tuple[str, str], ...] = ()  # (old label, new label)

    @property
    def text_changed(self) -> bool:
        return bool(self.old_text) and self.old_text != self.text


@dataclass(frozen=True)
class VersionChanges:
    added: tuple[ItemChange, ...]
    removed: tuple[ItemChange, ...]
    changed: tuple[ItemChange, ...]

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def version_changes(current: Sequence[ItemFacts], draft: Sequence[ItemFacts]) -> VersionChanges:
    """Items added, removed, and changed (text or answer options) from `current` to `draft`;
    items are matched by their stable code."""
    old = {i.code: i for i in current}
    new = {i.code: i for i in draft}
    added = tuple(ItemChange(i.code, i.text) for i in draft if i.code not in old)
    removed = tuple(ItemChange(i.code, i.text) for i in current if i.code not in new)
    changed = []
    for item in draft:
        before = old.get(item.code)
        if before is None:
            continue
        old_opts, new_opts = dict(before.options), dict(item.options)
        change = ItemChange(
            code=item.code,
            text=item.text,
            old_text=before.text if before.text != item.text else "",
            options_added=tuple(new_opts[c] for c in new_opts if c not in old_opts),
            options_removed=tuple(old_opts[c] for c in old_opts if c not in new_opts),
            options_relabelled=tuple(
                (old_opts[c], new_opts[c])
                for c in new_opts
                if c in old_opts and old_opts[c] != new_opts[c]
            ),
        )
        if (
            change.text_changed
            or change.options_added
            or change.options_removed
            or change.options_relabelled
        ):
            changed.append(change)
    return VersionChanges(added=added, removed=removed, changed=tuple(changed))


@dataclass(frozen=True)
class Score:
    points: int
    max_points: int
    passed: bool | None  # None: the version has no pass mark


def score_answers(
    option_points: dict[str, dict[str, int]],
    answers: dict[str, str],
    pass_mark: int | None,
) -> Score:
    """Add up the points of the chosen options (unknown or unscored answers count 0); passed when
    the total reaches the pass mark."""
    points = sum(option_points.get(item, {}).get(str(code), 0) for item, code in answers.items())
    max_points = sum(max(options.values(), default=0) for options in option_points.values())
    return Score(
        points=points,
        max_points=max_points,
        passed=None if pass_mark is None else points >= pass_mark,
    )
