"""``tracker check``: everything that can be verified about the stored data."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from tracker.db.checks import foreign_key_problems, guard_problems, integrity_problems
from tracker.models import Photo
from tracker.services.audit import verify_chain
from tracker.services.audit_match import rows_unlike_their_audit
from tracker.services.guidance.loader import load_ruleset
from tracker.services.photo_store import PhotoStore, sha256_of


@dataclass
class CheckResult:
    name: str
    problems: list[str] = field(default_factory=list)
    detail: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def photo_problems(db) -> tuple[list[str], int]:  # noqa: ANN001
    """Every photo row's file is there and matches its SHA-256."""
    store = PhotoStore.for_location(db.location)
    problems, count = [], 0
    with db.read() as s:
        rows = s.execute(select(Photo.id, Photo.stored_path, Photo.sha256, Photo.original_name)).all()
    for photo_id, rel, expected, name in rows:
        count += 1
        path = store.path_of(rel)
        label = f"photo {photo_id}" + (f" ({name})" if name else "")
        if not path.is_file():
            problems.append(f"{label}: the file {path} is missing")
        elif sha256_of(path) != expected:
            problems.append(f"{label}: {path} does not match its SHA-256 (the file was changed or damaged)")
    return problems, count


def photo_store_leftovers(db) -> tuple[list[str], str]:  # noqa: ANN001
    """Temporary files of interrupted imports, and stored files no photo row refers to."""
    store = PhotoStore.for_location(db.location)
    problems = [
        f"{item.path}: a partial file left by an interrupted import ({item.age_s / 60:.0f} min old); "
        "it is not part of any record and is removed the next time photos are imported or shown"
        for item in store.leftovers()
    ]
    with db.read() as s:
        referenced = set(s.execute(select(Photo.stored_path)).scalars())
    unreferenced = sum(1 for p in store.stored_files() if p.relative_to(store.root).as_posix() not in referenced)
    detail = f"{unreferenced} stored file(s) without a photo record (an import stopped before saving)" if unreferenced else ""
    return problems, detail


def run_checks(db, *, quick: bool = False) -> list[CheckResult]:  # noqa: ANN001
    results = [
        CheckResult("database integrity", integrity_problems(db, quick=quick)),
        CheckResult("foreign keys", foreign_key_problems(db)),
        CheckResult("record guards", guard_problems(db)),
    ]
    with db.read() as s:
        chain = verify_chain(s)
    results.append(CheckResult("audit chain", [str(p) for p in chain]))
    with db.read() as s:
        unlike, compared = rows_unlike_their_audit(s)
    results.append(CheckResult("records match the audit trail", unlike, f"{compared} rows"))
    problems, count = photo_problems(db)
    results.append(CheckResult("photo files", problems, f"{count} photos"))
    rules = load_ruleset(db.location.rules_file)
    results.append(CheckResult("guidance rules", [str(p) for p in rules.problems], f"{len(rules.active)} rules in force"))
    leftovers, detail = photo_store_leftovers(db)
    results.append(CheckResult("photo store leftovers", leftovers, detail))
    return results
