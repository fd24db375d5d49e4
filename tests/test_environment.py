"""pyproject.toml and environment.yml must ask for the same runtime packages."""
import re
import sys

from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = None


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower()


def runtime_from_pyproject() -> dict[str, str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if tomllib:
        deps = tomllib.loads(text)["project"]["dependencies"]
    else:
        block = re.search(r"^dependencies = \[(.*?)\]", text, re.S | re.M).group(1)
        deps = re.findall(r'"([^"]+)"', block)
    return {_name(d): d.replace(" ", "") for d in deps}


def runtime_from_environment() -> dict[str, str]:
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    block = text.split("dependencies:", 1)[1]
    deps = [line.strip()[2:] for line in block.splitlines() if re.match(r"^  - [a-zA-Z]", line) and ":" not in line]
    return {_name(d): d.replace(" ", "") for d in deps if _name(d) not in ("python", "pip")}


def test_same_runtime_dependencies_with_the_same_lower_bounds():
    assert runtime_from_environment() == runtime_from_pyproject()


def test_environment_installs_this_package_and_pins_python():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "- --editable ." in text
    required = re.search(r'requires-python = ">=([0-9.]+)"', (ROOT / "pyproject.toml").read_text()).group(1)
    assert f"python>={required}" in text
