"""Results of a benchmark run: rows of checks, the printed table, the JSON file."""
from __future__ import annotations

import json
import platform
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

MEASURED = "measured"
NOT_BUILT = "not built"
FAILED = "error"


@dataclass(frozen=True)
class Check:
    """One figure judged against its target.

    ``limit`` is compared with ``ratio`` when a baseline exists, else with
    ``app``; ``at_least`` says the figure must reach the limit (throughput)
    rather than stay under it (time, memory, statements).
    """

    metric: str
    app: float
    unit: str
    limit: float
    baseline: float | None = None
    at_least: bool = False

    @property
    def ratio(self) -> float | None:
        if self.baseline is None:
            return None
        return self.app / self.baseline if self.baseline else float("inf")

    @property
    def judged(self) -> float:
        return self.ratio if self.ratio is not None else self.app

    @property
    def passed(self) -> bool:
        return self.judged >= self.limit if self.at_least else self.judged <= self.limit

    @property
    def target(self) -> str:
        sign = ">=" if self.at_least else "<="
        return f"{sign} {self.limit:g}x" if self.baseline is not None else f"{sign} {self.limit:g} {self.unit}"

    def as_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio, "target": self.target, "passed": self.passed}


@dataclass
class Row:
    id: str
    operation: str
    status: str = MEASURED
    checks: list[Check] = field(default_factory=list)
    note: str = ""
    details: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status == MEASURED and bool(self.checks) and all(c.passed for c in self.checks)

    def as_dict(self) -> dict:
        return {"id": self.id, "operation": self.operation, "status": self.status, "passed": self.passed,
                "checks": [c.as_dict() for c in self.checks], "note": self.note, "details": self.details,
                "seconds": round(self.seconds, 2)}

    @classmethod
    def from_dict(cls, data: dict) -> "Row":
        keys = ("metric", "app", "unit", "limit", "baseline", "at_least")
        checks = [Check(**{k: c[k] for k in keys}) for c in data.get("checks", [])]
        return cls(data["id"], data["operation"], data.get("status", MEASURED), checks, data.get("note", ""),
                   data.get("details", {}), data.get("seconds", 0.0))


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    if value == float("inf"):
        return "inf"
    text = f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return f"{text} {unit}".strip()


def table(rows: list[Row]) -> str:
    header = ("#", "operation", "app", "baseline", "ratio", "target", "result")
    lines = []
    for row in rows:
        if row.status != MEASURED or not row.checks:
            lines.append((row.id, row.operation, "-", "-", "-", "-", row.status.upper() + (f": {row.note}" if row.note else "")))
            continue
        for n, c in enumerate(row.checks):
            label = row.operation if n == 0 else ""
            lines.append((row.id if n == 0 else "", f"{label} [{c.metric}]" if label else f"  [{c.metric}]",
                          _num(c.app, c.unit), _num(c.baseline, c.unit), _num(c.ratio, "x") if c.ratio is not None else "-",
                          c.target, "pass" if c.passed else "FAIL"))
    widths = [max(len(str(r[i])) for r in [header, *lines]) for i in range(len(header))]
    out = ["  ".join(str(v).ljust(w) for v, w in zip(header, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(str(v).ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() for line in lines]
    return "\n".join(out)


def write_json(path: Path, rows: list[Row], preset: dict, started: datetime, load: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "started": started.isoformat(), "finished": datetime.now(timezone.utc).isoformat(),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), **load},
        "preset": preset, "passed": all(r.passed for r in rows),
        "rows": [r.as_dict() for r in rows],
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
