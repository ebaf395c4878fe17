"""pyproject.toml and environment.yml say the same thing; the wheel carries the data."""

import os
import re
import subprocess
import sys
import tomllib

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
    # Binder serves the dashboard too: environment.yml also carries the "dashboard" extra.
    for text in project["dependencies"] + project["optional-dependencies"]["dashboard"]:
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
