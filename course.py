#!/usr/bin/env python3
"""One entry point for teachers and maintainers. Needs only Python >= 3.10.

    python3 course.py lab        open JupyterLab on lesson 00 (sets everything up on first use)
    python3 course.py test       run the whole test suite (what CI runs)
    python3 course.py handouts   build student handouts and the answer key into build/
    python3 course.py bench      measure how fast lessons open, run and react (benchmarks/)
    python3 course.py site       build the static site into build/site/ (--student: build/site-student/ only)
    python3 course.py nav        refresh the navigation, objectives and index cells of the lessons
    python3 course.py data       rebuild the derived tables from ../shared/sources (maintainers)

On first use it creates a virtual environment in .venv and installs the project into it; later
runs reuse it (and reinstall only when pyproject.toml changes), so after the first run
everything works offline. A .venv that came with a moved or copied folder is rebuilt.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import signal
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
# Set by the tests (and by anyone who wants it): fail instead of creating or changing .venv.
NO_INSTALL = "PERU_US_NO_INSTALL"
# What the venv's own Python says about itself: its prefix, and where it imports the course from.
PROBE = "import sys, importlib.util as u; s = u.find_spec('peru_us'); print(sys.prefix); print(s and s.origin or '')"


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


# --------------------------------------------------------------------------- the environment
def _stamp(extras: str) -> Path:
    return VENV / f".installed{extras and '-' + extras}"


def _wanted(extras: str) -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()


def installed(extras: str = "") -> bool:
    """True if .venv holds the project with `extras` for this pyproject.toml (the test extra includes the
    base and the site extra)."""
    def done(e: str) -> bool:
        return _stamp(e).is_file() and _stamp(e).read_text() == _wanted(e)

    return PYTHON.exists() and (done(extras) or (extras in ("", "site") and done("test")))


def _shebang_target(script: Path) -> str | None:
    """The interpreter a pip-written script runs: its #! line, or the `exec` line of the /bin/sh form."""
    try:
        with script.open("rb") as fh:
            head = fh.read(1024).decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    if not head or not head[0].startswith("#!"):
        return None
    if head[0].strip() == "#!/bin/sh" and len(head) > 1:  # long or spaced paths: '''exec' "/p/python" "$0" "$@"
        quoted = re.match(r"""'''exec' "([^"]+)" """, head[1] + " ")
        return quoted.group(1) if quoted else None
    target = head[0][2:].strip()
    return target if "python" in Path(target.split(" ")[0]).name else None


def _same(a: Path | str, b: Path | str) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def venv_problem() -> str | None:
    """Why .venv/ cannot serve this folder (None if it can, or if there is no .venv yet).

    A venv's scripts start with the path of its Python, its pyvenv.cfg records where it was made,
    and an editable install imports the package from the folder it was installed from. Moving or
    copying the course folder carries all three along unchanged, still pointing at the old place.
    """
    if not VENV.exists():
        return None
    cfg = VENV / "pyvenv.cfg"
    if not cfg.is_file():
        return "it has no pyvenv.cfg"
    made = re.search(r"^command = .* -m venv (?:--\S+ )*(.+)$", cfg.read_text(encoding="utf-8", errors="replace"), re.M)
    if made and not _same(made.group(1).strip(), VENV):
        return f"its pyvenv.cfg says it was made in {made.group(1).strip()}"
    for script in sorted(BIN.iterdir()) if BIN.is_dir() else []:
        target = _shebang_target(script) if script.is_file() and not script.name.startswith("python") else None
        if target and not _same(Path(target).parent, BIN):
            return f"its scripts (e.g. {script.name}) run {target}"
    try:
        probe = subprocess.run([str(PYTHON), "-I", "-c", PROBE], capture_output=True, text=True, cwd=VENV, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"its Python ({PYTHON}) does not run: {error}"
    if probe.returncode:
        return f"its Python ({PYTHON}) does not run: {probe.stderr.strip().splitlines()[-1:]}"
    prefix, origin = (probe.stdout.splitlines() + ["", ""])[:2]
    if not _same(prefix, VENV):
        return f"its Python runs from {prefix}"
    if origin and not os.path.realpath(origin).startswith(os.path.realpath(ROOT) + os.sep):
        return f"it imports the course package from {Path(origin).parent.parent}"
    return None


def ensure_env(extras: str = "") -> None:
    """Create .venv and install the project (with `extras`) unless already done for this folder and pyproject."""
    if sys.version_info < (3, 10):
        sys.exit(f"Python 3.10 or newer is needed; this is {sys.version.split()[0]}")
    problem = venv_problem()
    if problem is None and installed(extras):
        return
    if os.environ.get(NO_INSTALL):
        reason = f"the environment in {VENV.name}/ " + (f"does not belong to this folder: {problem}" if problem
                                                        else f"lacks the {extras or 'base'} install for this pyproject.toml")
        sys.exit(f"[course] {reason}, and {NO_INSTALL} is set: not installing anything")
    if problem:
        say(f"the virtual environment in {VENV.name}/ does not belong to this folder ({problem}): "
            "it was moved or copied from elsewhere. Rebuilding it here (needs the internet once).")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    elif not PYTHON.exists():
        say(f"creating a virtual environment in {VENV.name}/ (first run only)")
        venv.EnvBuilder(with_pip=True).create(VENV)
    say("installing the course and its dependencies (first run only; needs the internet)")
    target = f".[{extras}]" if extras else "."
    run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([PYTHON, "-m", "pip", "install", "--quiet", "--editable", target])
    settings = VENV / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(LAB_SETTINGS, indent=2))
    _stamp(extras).write_text(_wanted(extras))


# --------------------------------------------------------------------------- running
def run(command, cwd: Path = ROOT) -> None:
    """Run `command` in `cwd`; exit with its status if it fails.

    Ctrl+C reaches the command straight from the terminal (it shares our process group), so this
    process ignores it meanwhile and waits. SIGTERM or SIGHUP sent to this process is passed on as
    SIGTERM, on which JupyterLab and pytest shut their kernels down instead of leaving them running.
    The command starts with SIGHUP ignored, so that a closed terminal stops it through that SIGTERM.
    """
    child = None
    forwarded: list[int] = []

    def forward(signum, _frame):
        forwarded.append(signum)
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)

    hup = getattr(signal, "SIGHUP", None)  # not on Windows
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, hup) if s is not None}
    signal.signal(signal.SIGTERM, forward)
    if hup is not None:
        signal.signal(hup, signal.SIG_IGN)  # inherited by the command
    try:
        child = subprocess.Popen([str(c) for c in command], cwd=cwd)
        if forwarded:  # a signal came while it was starting
            child.send_signal(signal.SIGTERM)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # set after the start: the command keeps its Ctrl+C
        if hup is not None:
            signal.signal(hup, forward)
        code = child.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if code < 0:  # the command died of a signal: report it the way a shell does
        code = 128 - code
    elif forwarded and code == 0:
        code = 128 + forwarded[0]
    if code:
        sys.exit(code)


# pytest options whose value follows as the next argument and is never a path
VALUE_OPTIONS = {"-k", "-m", "-o", "-p", "-W", "-r", "-n", "--tb", "--durations", "--maxfail", "--color"}


def from_caller(args: list[str]) -> list[str]:
    """The arguments, with the paths given from the caller's folder made absolute (pytest runs in ROOT).

    An argument counts as a path when it exists relative to the current folder (a test id's
    ``::name`` part is kept) and is not the value of an option such as ``-k`` or ``-m``. From
    ROOT itself nothing needs changing.

    >>> here = os.getcwd()
    >>> os.chdir(ROOT / "tests")
    >>> from_caller(["-m", "not browser", "-k", "conftest.py", "test_environment.py::test_x"])[:4]
    ['-m', 'not browser', '-k', 'conftest.py']
    >>> from_caller(["test_environment.py::test_x"]) == [f"{ROOT / 'tests' / 'test_environment.py'}::test_x"]
    True
    >>> os.chdir(here)
    """
    if _same(Path.cwd(), ROOT):
        return list(args)
    out = []
    for i, arg in enumerate(args):
        path, sep, rest = arg.partition("::")
        if (arg.startswith("-") or (i and args[i - 1] in VALUE_OPTIONS) or not path
                or Path(path).is_absolute() or not Path(path).exists()):
            out.append(arg)
        else:
            out.append(str(Path(path).resolve()) + sep + rest)
    return out


# --------------------------------------------------------------------------- commands
def lab(args) -> None:
    ensure_env()
    say("opening JupyterLab on lesson 00; stop it with Ctrl+C")
    extra = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # e.g. in a container
    run([BIN / "jupyter", "lab", f"--ServerApp.root_dir={ROOT}", "notebooks/00_start_here.ipynb", *extra, *args])


def test(args) -> None:
    ensure_env("test")
    run([PYTHON, "-m", "pytest", *from_caller(args)])


def handouts(args) -> None:
    ensure_env("test")
    run([PYTHON, ROOT / "tools" / "handouts.py", *args], cwd=Path.cwd())


def bench(args) -> None:
    ensure_env("test")
    run([PYTHON, ROOT / "benchmarks" / "run.py", *args], cwd=Path.cwd())


SITE_PYTHON = (3, 11)  # sphinx-book-theme 1.3, which the site is built with, needs Python 3.11


def site(args) -> None:
    if sys.version_info < SITE_PYTHON:
        sys.exit(f"[course] the site needs Python {'.'.join(map(str, SITE_PYTHON))} or newer (its theme, "
                 f"sphinx-book-theme 1.3, does); this is Python {sys.version.split()[0]}. The lessons "
                 "themselves run on 3.10: `python3 course.py lab`.")
    ensure_env("site")
    run([PYTHON, ROOT / "tools" / "site_build.py", *args], cwd=Path.cwd())


def nav(args) -> None:
    ensure_env("test")
    run([PYTHON, ROOT / "tools" / "lessons.py", *args], cwd=Path.cwd())


def data(args) -> None:
    run([sys.executable, ROOT / "tools" / "build_data.py", *args], cwd=Path.cwd())


COMMANDS = {"lab": lab, "test": test, "handouts": handouts, "bench": bench, "site": site, "nav": nav, "data": data}


def main(argv: list[str]) -> None:
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return
    if argv[0] not in COMMANDS:
        close = difflib.get_close_matches(argv[0], COMMANDS, n=1)
        print(f"course.py: unknown command {argv[0]!r}" + (f" (did you mean {close[0]!r}?)" if close else "") + "\n"
              f"The commands are: {', '.join(COMMANDS)}. Run `python3 course.py` for what each does.", file=sys.stderr)
        sys.exit(2)
    COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
