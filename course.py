#!/usr/bin/env python3
"""One entry point for teachers and maintainers. Needs only Python >= 3.10.

    python3 course.py lab        open JupyterLab on lesson 00 (sets everything up on first use)
    python3 course.py test       run the whole test suite (what CI runs)
    python3 course.py handouts   build student handouts and the answer key into build/
    python3 course.py bench      measure how fast lessons open, run and react (benchmarks/)
    python3 course.py nav        refresh the navigation, objectives and index cells of the lessons
    python3 course.py data       rebuild the derived tables from ../shared/sources (maintainers)

On first use it creates a virtual environment in .venv and installs the project into it; later
runs reuse it (and reinstall only when pyproject.toml changes), so after the first run
everything works offline.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
LAB_SETTINGS = {  # JupyterLab settings for the course: no news pop-up, no update checks
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


def ensure_env(extras: str = "") -> None:
    """Create .venv and install the project (with `extras`) unless already done for this pyproject."""
    if sys.version_info < (3, 10):
        sys.exit(f"Python 3.10 or newer is needed; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / f".installed{extras and '-' + extras}"
    if stamp.exists() and stamp.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV.name}/ (first run only)")
        venv.EnvBuilder(with_pip=True).create(VENV)
    say("installing the course and its dependencies (first run only; needs the internet)")
    target = f".[{extras}]" if extras else "."
    run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([PYTHON, "-m", "pip", "install", "--quiet", "--editable", target])
    settings = VENV / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(LAB_SETTINGS, indent=2))
    stamp.write_text(wanted)


def run(command, **kwargs) -> None:
    result = subprocess.run([str(c) for c in command], cwd=ROOT, **kwargs)
    if result.returncode:
        sys.exit(result.returncode)


def lab(args) -> None:
    ensure_env()
    say("opening JupyterLab on lesson 00; stop it with Ctrl+C")
    extra = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # e.g. in a container
    run([BIN / "jupyter", "lab", f"--ServerApp.root_dir={ROOT}", "notebooks/00_start_here.ipynb", *extra, *args])


def test(args) -> None:
    ensure_env("test")
    run([PYTHON, "-m", "pytest", *args])


def handouts(args) -> None:
    ensure_env("test")
    run([PYTHON, "tools/handouts.py", *args])


def bench(args) -> None:
    ensure_env("test")
    run([PYTHON, "benchmarks/run.py", *args])


def nav(args) -> None:
    ensure_env("test")
    run([PYTHON, "tools/lessons.py", *args])


def data(args) -> None:
    run([sys.executable, "tools/build_data.py", *args])


COMMANDS = {"lab": lab, "test": test, "handouts": handouts, "bench": bench, "nav": nav, "data": data}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        sys.exit(0 if len(sys.argv) < 2 else 2)
    COMMANDS[sys.argv[1]](sys.argv[2:])
