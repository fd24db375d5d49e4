"""Teaching on a hub: repo2docker (what Binder and many JupyterHubs build images with) must build
the course from a clean checkout, with environment.yml, and install the package.

`jupyter-repo2docker --no-build --debug` prints the Dockerfile it would build and needs neither
Docker nor the network (about 0.5 s). The repository is cloned first, so that only committed files
count, as on Binder.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

REPO2DOCKER = Path(sys.executable).with_name("jupyter-repo2docker")


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> str:
    if not REPO2DOCKER.exists():
        pytest.skip("jupyter-repo2docker is not installed (pip install -e '.[test]')")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of the course")
    clone = tmp_path_factory.mktemp("hub") / "course"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    done = subprocess.run([str(REPO2DOCKER), "--no-build", "--debug", "."], cwd=clone, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout + done.stderr


def test_repo2docker_builds_the_conda_environment_from_environment_yml(plan):
    assert re.search(r"env update -p \$\{NB_PYTHON_PREFIX\} --file \"environment\.yml\"", plan), plan[-3000:]
    assert "requirements.txt" not in plan and "setup.py" not in plan  # no other recipe competes with it


def test_the_environment_update_runs_after_the_course_is_copied_in_so_pip_can_install_it(plan):
    copied = plan.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    updated = plan.index('--file "environment.yml"')
    assert copied < updated, "environment.yml is applied before the repository is copied: `--editable .` would find nothing"
    environment = (ROOT / "environment.yml").read_text(encoding="utf-8")
    pip_section = environment.split("- pip:", 1)[1]
    assert re.search(r"^\s+- --editable \.\s*$", pip_section, re.M), \
        "environment.yml must install the package (pip: --editable .)"
