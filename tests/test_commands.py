"""course.py as a teacher uses it: unknown commands, paths from any folder, a .venv carried along
by a moved or copied folder, and JupyterLab stopped by SIGTERM or a closed terminal.

No test here installs into or rebuilds the real .venv: every run of the real course.py sets
PERU_US_NO_INSTALL (course.py then refuses to install), and the tests that need the real .venv
skip when it is not ready. The rebuild is tested on a throw-away copy of course.py.
"""
from __future__ import annotations

import doctest
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from jupyter_client import BlockingKernelClient

from conftest import ROOT

COURSE = ROOT / "course.py"
NO_INSTALL = {**os.environ, "PERU_US_NO_INSTALL": "1"}


def load_course(folder: Path):
    """course.py as a module whose ROOT is `folder` (a copy of course.py and pyproject.toml is put there)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("course.py", "pyproject.toml"):
        if not (folder / name).exists():
            shutil.copy(ROOT / name, folder / name)
    spec = importlib.util.spec_from_file_location(f"course_in_{folder.name}", folder / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def real_course():
    course = load_course(ROOT)
    problem = course.venv_problem()
    if problem or not course.installed("test"):
        pytest.skip(f"the real .venv is not ready for this pyproject.toml ({problem or 'not installed'}): "
                    "run `python3 course.py test` once")
    return course


def run_course(*args, cwd=ROOT, timeout=120):
    return subprocess.run([sys.executable, str(COURSE), *args], cwd=cwd, env=NO_INSTALL, capture_output=True,
                          text=True, timeout=timeout)


def test_the_docstring_examples_of_course_py_hold():
    result = doctest.testmod(load_course(ROOT), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# --------------------------------------------------------------------------- commands and arguments
def test_an_unknown_command_exits_2_naming_it_and_the_known_ones():
    result = run_course("labb")
    assert result.returncode == 2
    assert "unknown command 'labb'" in result.stderr and "did you mean 'lab'?" in result.stderr
    assert "lab, test, handouts, bench, site, nav, data" in result.stderr
    assert result.stdout == ""


def test_no_command_prints_the_usage_and_succeeds():
    result = run_course()
    assert result.returncode == 0
    assert "python3 course.py lab" in result.stdout and "python3 course.py test" in result.stdout


def test_test_takes_paths_relative_to_the_folder_it_is_called_from():
    real_course()
    result = run_course("test", "-o", "addopts=", "-p", "no:cacheprovider", "-q", "test_environment.py",
                        cwd=ROOT / "tests")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout


def test_test_keeps_option_values_that_look_like_paths(tmp_path, monkeypatch):
    course = load_course(ROOT)
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    assert course.from_caller(["-k", "data", "data", "nowhere.py"]) == ["-k", "data", str(tmp_path / "data"), "nowhere.py"]


# --------------------------------------------------------------------------- a .venv from another folder
def fake_install(folder: Path, venv_of: Path, package_in: Path) -> None:
    """Make folder/.venv look installed: a console script run by `venv_of`'s Python, and an
    editable install (a .pth file) importing peru_us from `package_in`."""
    (package_in / "peru_us").mkdir(parents=True, exist_ok=True)
    (package_in / "peru_us" / "__init__.py").touch()
    site = next((folder / ".venv" / "lib").glob("python*/site-packages"))
    (site / "_peru_us.pth").write_text(f"{package_in}\n")
    (folder / ".venv" / "bin" / "jupyter").write_text(f"#!{venv_of}/.venv/bin/python\nimport sys\n")


@pytest.fixture
def course_folder(tmp_path):
    """A course folder with a real (pip-less) .venv that belongs to it."""
    folder = tmp_path / "course"
    load_course(folder)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder / ".venv")], check=True)
    cfg = folder / ".venv" / "pyvenv.cfg"
    if "command = " not in cfg.read_text():  # Python 3.10 does not record it; 3.11+ does
        cfg.write_text(cfg.read_text() + f"command = {sys.executable} -m venv --without-pip {folder / '.venv'}\n")
    fake_install(folder, venv_of=folder, package_in=folder)
    return folder


def test_a_venv_made_in_its_own_folder_belongs(course_folder):
    assert load_course(course_folder).venv_problem() is None


def test_a_copied_folder_finds_each_trace_of_the_old_place_in_its_venv(course_folder, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(course_folder, copy, symlinks=True)
    course = load_course(copy)
    cfg = copy / ".venv" / "pyvenv.cfg"
    assert course.venv_problem() == f"its pyvenv.cfg says it was made in {course_folder / '.venv'}"

    cfg.write_text(cfg.read_text().replace(str(course_folder), str(copy)))
    assert course.venv_problem() == f"its scripts (e.g. jupyter) run {course_folder / '.venv' / 'bin' / 'python'}"

    fake_install(copy, venv_of=copy, package_in=course_folder)  # scripts fixed, package still imported from the old place
    assert course.venv_problem() == f"it imports the course package from {course_folder}"

    fake_install(copy, venv_of=copy, package_in=copy)
    assert course.venv_problem() is None


def test_a_moved_folder_whose_old_place_is_gone_is_detected(course_folder, tmp_path):
    moved = tmp_path / "moved"
    course_folder.rename(moved)
    problem = load_course(moved).venv_problem()
    assert problem is not None and str(course_folder) in problem


def test_scripts_in_the_long_path_form_are_read(course_folder):
    course = load_course(course_folder)
    script = course_folder / ".venv" / "bin" / "jupyter"
    script.write_text("#!/bin/sh\n'''exec' \"/some where/else/.venv/bin/python\" \"$0\" \"$@\"\n' '''\nimport sys\n")
    assert course.venv_problem() == "its scripts (e.g. jupyter) run /some where/else/.venv/bin/python"


def test_a_copied_venv_is_rebuilt_saying_so(course_folder, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(course_folder, copy, symlinks=True)
    marker = copy / ".venv" / "copied-from-the-old-folder"
    marker.touch()
    # pip without any index fails fast at the install step, after the venv has been rebuilt
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("PERU_US_NO_INSTALL", None)
    result = subprocess.run([sys.executable, str(copy / "course.py"), "nav"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=240)
    assert f"does not belong to this folder (its pyvenv.cfg says it was made in {course_folder / '.venv'})" in result.stdout
    assert "Rebuilding it here" in result.stdout
    assert not marker.exists(), "the old .venv's files are still there"
    pip = copy / ".venv" / "bin" / "pip"
    assert Path(pip.read_text().splitlines()[0][2:]).parent == copy / ".venv" / "bin"
    assert load_course(copy).venv_problem() is None
    assert result.returncode != 0  # the install itself could not work without an index


def test_with_no_install_set_a_foreign_venv_is_refused_not_rebuilt(course_folder, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(course_folder, copy, symlinks=True)
    result = subprocess.run([sys.executable, str(copy / "course.py"), "lab"], env=NO_INSTALL, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "does not belong to this folder" in result.stderr and "not installing anything" in result.stderr
    assert (copy / ".venv" / "bin" / "jupyter").read_text().startswith(f"#!{course_folder}")


def test_the_test_install_serves_lab_too(course_folder):
    course = load_course(course_folder)
    assert not course.installed("") and not course.installed("test")
    course._stamp("test").write_text(course._wanted("test"))
    assert course.installed("") and course.installed("test")
    (course_folder / "pyproject.toml").write_text((course_folder / "pyproject.toml").read_text() + "\n# changed\n")
    assert not course.installed("")


def test_the_real_venv_belongs_to_this_folder():
    if not (ROOT / ".venv").exists() or not Path(sys.prefix).samefile(ROOT / ".venv"):
        pytest.skip("the tests do not run in this folder's .venv")
    assert load_course(ROOT).venv_problem() is None


# --------------------------------------------------------------------------- stopping JupyterLab
def _descendants(pid: int) -> list[int]:
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(entry))
    return children + [d for c in children for d in _descendants(c)]


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited
    except OSError:
        return False


def _get(url: str, data: bytes | None = None) -> dict:
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the child processes")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_to_course_py_stops_jupyterlab_and_its_kernel(signum, tmp_path):
    real_course()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**NO_INSTALL, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    log = (tmp_path / "lab.log").open("w")
    lab = subprocess.Popen([sys.executable, str(COURSE), "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
                            "--IdentityProvider.token=t", "--LabApp.news_url=None"], env=env, stdout=log,
                           stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/api"
    processes = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/status?token=t")
                break
            except OSError:
                assert lab.poll() is None and time.monotonic() < deadline, (tmp_path / "lab.log").read_text()
                time.sleep(0.2)
        kernel = _get(f"{base}/kernels?token=t", data=b"{}")["id"]
        client = BlockingKernelClient(connection_file=str(tmp_path / "runtime" / f"kernel-{kernel}.json"))
        client.load_connection_file()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)  # a kernel that has started, as a student's would be
        finally:
            client.stop_channels()
        processes = _descendants(lab.pid)
        assert len(processes) >= 2, "expected JupyterLab and its kernel under course.py"
        os.kill(lab.pid, signum)
        assert lab.wait(timeout=30) == 128 + signum
        deadline = time.monotonic() + 15
        while any(_alive(p) for p in processes) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [p for p in processes if _alive(p)]
        assert not left, f"still running after {signum!r}: " + ", ".join(Path(f"/proc/{p}/cmdline").read_text()
                                                                          .replace("\0", " ")[:120] for p in left)
        assert "Shutting down 1 kernel" in (tmp_path / "lab.log").read_text()
    finally:  # whatever happened, leave nothing running
        for pid in [lab.pid, *processes, *_descendants(lab.pid)]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        lab.wait(timeout=10)
        log.close()
