"""``tracker check``: everything that can be verified about the stored data."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from tracker.db.checks import foreign_key_problems, integrity_problems
from tracker.models import Photo
from tracker.services.audit import verify_chain
from tracker.services.guidance.loader import load_ruleset


@dataclass
class CheckResult:
    name: str
    problems: list[str] = field(default_factory=list)
    detail: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def photo_problems(db) -> tuple[list[str], int]:  # noqa: ANN001
    store = db.location.photos_dir
    problems, count = [], 0
    with db.read() as s:
        rows = s.execute(select(Photo.id, Photo.stored_path, Photo.sha256)).all()
    for photo_id, rel, expected in rows:
        count += 1
        path = store / rel
        if not path.is_file():
            problems.append(f"photo {photo_id}: the file {path} is missing")
        elif file_sha256(path) != expected:
            problems.append(f"photo {photo_id}: {path} does not match its SHA-256 (the file was changed or damaged)")
    return problems, count


def run_checks(db, *, quick: bool = False) -> list[CheckResult]:  # noqa: ANN001
    results = [
        CheckResult("database integrity", integrity_problems(db, quick=quick)),
        CheckResult("foreign keys", foreign_key_problems(db)),
    ]
    with db.read() as s:
        chain = verify_chain(s)
    results.append(CheckResult("audit chain", [str(p) for p in chain]))
    problems, count = photo_problems(db)
    results.append(CheckResult("photo files", problems, f"{count} photos"))
    rules = load_ruleset(db.location.rules_file)
    results.append(CheckResult("guidance rules", [str(p) for p in rules.problems], f"{len(rules.active)} rules in force"))
    return results
