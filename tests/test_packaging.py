"""pyproject.toml and environment.yml say the same thing; the wheel carries the data."""

import contextlib
import io
import os
import re
import subprocess
import sys
import tomllib
import warnings

import pytest
import yaml
from packaging.requirements import Requirement


def _pyproject(root):
    with open(root / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)


def _environment(root):
    with open(root / "environment.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _conda_specs(env):
    return [d for d in env["dependencies"] if isinstance(d, str)]


def test_every_conda_spec_parses(root):
    rattler = pytest.importorskip("rattler")
    for spec in _conda_specs(_environment(root)):
        rattler.MatchSpec(spec)  # raises on a malformed spec such as 'pandas>>=2'


def test_a_malformed_conda_spec_is_caught():
    rattler = pytest.importorskip("rattler")
    with pytest.raises(Exception):
        rattler.MatchSpec("pandas>>=2")


def test_environment_and_pyproject_agree(root):
    project = _pyproject(root)["project"]
    env = _environment(root)
    conda = {}
    for spec in _conda_specs(env):
        match = re.match(r"^([A-Za-z0-9_.-]+)\s*([<>=!~].*)?$", spec)
        assert match, f"cannot read conda spec {spec!r}"
        conda[match.group(1).lower()] = (match.group(2) or "").replace(" ", "")
    pip = {}
    # Binder serves the dashboard too, and a conda user can run make check's linter:
    # environment.yml also carries the "dashboard", "lint" and "nbgrader" extras.
    extras = project["optional-dependencies"]
    carried = extras["dashboard"] + extras["lint"] + extras["nbgrader"]
    for text in project["dependencies"] + carried:
        req = Requirement(text)
        pip[req.name.lower()] = str(req.specifier)
    python = project["requires-python"]
    assert conda.pop("python") == python
    conda.pop("pip", None)
    assert conda == pip, (
        "environment.yml and pyproject.toml list different dependencies"
    )
    pip_section = [d for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_section == [{"pip": ["."]}], (
        "environment.yml must install twitchlib itself"
    )
    assert "conda-forge" in env["channels"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_wheel_install_carries_the_data(tmp_path, root):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(root),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    assert (target / "twitchlib" / "data" / "foods.csv").is_file()
    code = (
        "import twitchlib, pathlib; "
        "assert pathlib.Path(twitchlib.__file__).parent.parent == pathlib.Path('.').resolve(), twitchlib.__file__; "
        "twitchlib.validate_all(); print(len(twitchlib.foods()))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=target,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "30"


def test_binder_builds_from_environment_yml(root):
    """repo2docker (Binder's builder) reads environment.yml, not hub/Dockerfile: offline check."""
    import shutil

    r2d = shutil.which("jupyter-repo2docker", path=os.path.dirname(sys.executable))
    if r2d is None:
        pytest.skip('REPO2DOCKER NOT INSTALLED: pip install -e ".[test]"')
    done = subprocess.run(
        [r2d, "--no-build", "--debug", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    dockerfile = done.stdout + done.stderr
    assert '--file "environment.yml"' in dockerfile
    assert "FROM docker.io/library/buildpack-deps" in dockerfile


def test_one_version_source(root):
    """The version is written once, in twitchlib/__init__.py; hatch reads it from there."""
    config = _pyproject(root)
    assert "version" not in config["project"]
    assert config["project"]["dynamic"] == ["version"]
    assert config["tool"]["hatch"]["version"]["path"] == "twitchlib/__init__.py"
    init = (root / "twitchlib" / "__init__.py").read_text(encoding="utf-8")
    assert len(re.findall(r"^__version__ = ", init, flags=re.M)) == 1


def test_the_test_extra_carries_nbgrader(root):
    """The nbgrader round trip (tests/test_nbgrader.py) runs the real nbgrader."""
    extras = _pyproject(root)["project"]["optional-dependencies"]
    assert any("nbgrader" in Requirement(t).extras for t in extras["test"])
    assert [Requirement(t).name for t in extras["nbgrader"]] == ["nbgrader"]


def test_the_test_extra_carries_the_linter(root):
    extras = _pyproject(root)["project"]["optional-dependencies"]
    assert any("lint" in Requirement(t).extras for t in extras["test"])
    assert [Requirement(t).name for t in extras["lint"]] == ["ruff"]


def test_precommit_runs_the_tools_of_make_check(root):
    config = yaml.safe_load(
        (root / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    )
    hooks = {h["id"] for repo in config["repos"] for h in repo["hooks"]}
    assert {"ruff", "ruff-format", "prettier", "eslint"} <= hooks
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    check = makefile.split("\ncheck:", 1)[1].split("\n\n", 1)[0]
    for tool in ("ruff check", "ruff format --check", "prettier", "eslint", "not slow"):
        assert tool in check, tool


def test_the_readme_is_short_names_its_test_command_and_its_tour_runs(root):
    text = (root / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 150
    assert "<!-- test-command: make test -->" in text.splitlines()
    tour = re.search(r"```python\n(.*?)```", text, flags=re.S).group(1)
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter(
            "error", DeprecationWarning
        )  # the tour uses today's names
        exec(compile(tour, "README.md", "exec"), {})
