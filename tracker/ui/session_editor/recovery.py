"""Crash recovery for sessions being written: each open editor keeps a JSON
snapshot of its fields in <data dir>/recovery/, written atomically (temporary
file, fsync, rename, fsync of the folder) a few seconds after typing pauses.
The file goes when the work is saved or deliberately discarded; one still
there at start-up is work a crash or power cut interrupted."""
from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

FOLDER = "recovery"
FORMAT = 1


@dataclass(frozen=True)
class Recovered:
    path: Path
    payload: dict

    @property
    def description(self) -> str:
        p = self.payload
        what = "amendment" if p.get("amends_id") else "session"
        return f"an unsaved {what} for {p.get('patient_name', 'a patient')}, last typed {p.get('written_at', '?')}"


def recovery_dir(data_dir: Path) -> Path:
    return Path(data_dir) / FOLDER


def new_path(data_dir: Path) -> Path:
    return recovery_dir(data_dir) / f"session-{uuid.uuid4().hex}.json"


def write_atomic(path: Path, payload: dict) -> Path:
    """Write ``payload`` so that the file is either the old or the new version, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    data = json.dumps({**payload, "format": FORMAT}, ensure_ascii=False, indent=1).encode("utf-8")
    with open(temp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temp, path)
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return path
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return path


def read_all(data_dir: Path, database: str) -> list[Recovered]:
    """Recovery files for this database, oldest first; unreadable ones are logged and kept."""
    found = []
    for path in sorted(recovery_dir(data_dir).glob("session-*.json"), key=lambda p: p.stat().st_mtime):
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("recovery file %s cannot be read: %s", path, exc)
            continue
        if payload.get("format") == FORMAT and payload.get("database") == database:
            found.append(Recovered(path, payload))
    return found


def remove(path: Path | None) -> None:
    if path is None:
        return
    try:
        path.unlink()
    except FileNotFoundError:
        pass
