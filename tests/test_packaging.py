"""A non-editable install works: the wheel carries the migrations and the
resources, every package is listed, and the installed copy runs outside the
source tree."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from helpers import REPO


def _source_copy(dest: Path) -> Path:
    """The project's files as a fresh checkout has them (no build/ leftovers)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    for name in listed:
        source = REPO / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:  # noqa: ANN001
    out = tmp_path_factory.mktemp("wheel")
    source = _source_copy(tmp_path_factory.mktemp("source"))
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return next(out.glob("*.whl"))


def test_every_package_folder_is_listed():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.relative_to(REPO).parent.parts) for p in (REPO / "tracker").rglob("__init__.py")}
    assert on_disk - listed == set(), "add these packages to pyproject.toml"


def test_wheel_ships_migrations_resources_and_the_command(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    versions = sorted(p.name for p in (REPO / "migrations" / "versions").glob("[0-9]*.py"))
    for required in ["tracker/migrations/env.py", "tracker/migrations/script.py.mako",
                     *(f"tracker/migrations/versions/{v}" for v in versions),
                     "tracker/resources/catalog/agents.yaml", "tracker/resources/body_sites.yaml"]:
        assert required in names, required
    shipped_resources = {n for n in names if n.startswith("tracker/resources/")}
    on_disk = {f"tracker/resources/{p.relative_to(REPO / 'resources').as_posix()}" for p in (REPO / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert on_disk <= shipped_resources
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "tracker = tracker.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_copy_runs_outside_the_source_tree(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    probe = subprocess.run([sys.executable, "-c", "import tracker, tracker.paths as p; print(tracker.__file__); print(p.migrations_dir())"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert str(target) in probe.stdout and str(REPO) not in probe.stdout, probe.stdout + probe.stderr
    data = tmp_path / "clinic"
    demo = subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data), "demo", "--patients", "3"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert demo.returncode == 0, demo.stderr
    check = subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data), "check"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0 and "all checks passed" in check.stdout, check.stdout + check.stderr
