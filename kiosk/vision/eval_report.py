"""The evaluation's tables: expectations held per clip and transform, and per group of people
and conditions (the fairness table), so a weakness for one group shows up as such."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.resources import resource_path
from kiosk.vision.augment import TRANSFORMS
from kiosk.vision.evaluation import ClipVerdict


@dataclass(frozen=True)
class Tally:
    held: int
    total: int

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.held + other.held, self.total + other.total)

    def __str__(self) -> str:
        return f"{self.held}/{self.total}" if self.total else "-"


def tally(verdict: ClipVerdict) -> Tally:
    return Tally(sum(c.held for c in verdict.checks), len(verdict.checks))


def columns(verdicts: list[ClipVerdict]) -> list[str]:
    seen = {v.transform for v in verdicts}
    return ["none"] + [t.name for t in TRANSFORMS if t.name in seen]


def table(verdicts: list[ClipVerdict]) -> dict[str, dict[str, Tally]]:
    """clip → transform → expectations held."""
    rows: dict[str, dict[str, Tally]] = {}
    for v in verdicts:
        rows.setdefault(v.name, {})[v.transform] = tally(v)
    return rows


def load_groups(directory: Path, path: Path | None = None) -> dict[str, Any]:
    """The clips' groups: the given file, else DIR/groups.json, else the bundled description."""
    bundled = resource_path("liveness", "face_groups.json")
    for candidate in (path, directory / "groups.json", bundled):
        if candidate is not None and candidate.exists():
            data: dict[str, Any] = json.loads(candidate.read_text(encoding="utf-8"))
            return data
    return {"attributes": [], "clips": {}}


def fairness(
    verdicts: list[ClipVerdict], groups: dict[str, Any]
) -> list[tuple[str, str, int, Tally]]:
    """(attribute, value, clips, expectations held) over every run of the clips in the group."""
    clips = groups.get("clips", {})
    rows = []
    for attribute in groups.get("attributes", []):
        values: dict[str, tuple[set[str], Tally]] = {}
        for v in verdicts:
            value = clips.get(v.name, {}).get(attribute, "not listed")
            names, sofar = values.get(value, (set(), Tally(0, 0)))
            names.add(v.name)
            values[value] = (names, sofar + tally(v))
        for value, (names, total) in sorted(values.items()):
            rows.append((attribute, value, len(names), total))
    return rows


def render(verdicts: list[ClipVerdict], groups: dict[str, Any]) -> str:
    """The two tables as text, and the failures with their reasons."""
    heads = columns(verdicts)
    rows = table(verdicts)
    width = max(len(name) for name in rows) if rows else 4
    lines = ["expectations held, per clip (rows) and transform (columns):"]
    lines.append(" " * width + "  " + " ".join(f"{h:>10}" for h in heads))
    totals = {h: Tally(0, 0) for h in heads}
    for name, cells in rows.items():
        for h in heads:
            totals[h] = totals[h] + cells.get(h, Tally(0, 0))
        lines.append(
            f"{name:<{width}}  " + " ".join(f"{cells.get(h, Tally(0, 0))!s:>10}" for h in heads)
        )
    lines.append(f"{'all clips':<{width}}  " + " ".join(f"{totals[h]!s:>10}" for h in heads))
    lines.append("")
    lines.append("fairness: expectations held over every run, by group (as SOURCES.md describes):")
    for attribute, value, count, total in fairness(verdicts, groups):
        share = f"{100 * total.held / total.total:5.1f} %" if total.total else "    -  "
        lines.append(f"  {attribute:<9} {value:<18} {count:>2} clips  {total!s:>9}  {share}")
    failed = [(v, c) for v in verdicts for c in v.checks if not c.held]
    lines.append("")
    lines.append("expectations not held:" if failed else "expectations not held: none")
    for v, c in failed:
        lines.append(f"  ✗ {v.name} [{v.transform}] {c.what}: {c.why}")
    return "\n".join(lines)


def as_json(verdicts: list[ClipVerdict], groups: dict[str, Any]) -> dict[str, Any]:
    return {
        "runs": [{**v.as_dict(), "transform": v.transform} for v in verdicts],
        "fairness": [
            {"attribute": a, "value": value, "clips": n, "held": t.held, "checks": t.total}
            for a, value, n, t in fairness(verdicts, groups)
        ],
        "totals": {
            "runs": len(verdicts),
            "checks": sum(len(v.checks) for v in verdicts),
            "checks_held": sum(c.held for v in verdicts for c in v.checks),
        },
    }
