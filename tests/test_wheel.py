"""The built wheel: one pure-Python wheel (py3-none-any) that passes `twine check --strict`, installs into a
fresh virtual environment and runs `eformkit check`, `validate`, `prefill` and `render` from the install,
with the catalogue shipped inside the package (eformkit/forms/, mapped from the top-level forms/); without
the `demo` extra `eformkit serve` names the extra, and with it serves the portal on a loopback port.

Slow but in the default suite (about 10-20 s): the build backend and the dependencies come from the
package index through uv's cache (uv is in the dev extra; pip is the fallback, slower on a cold cache).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CT01_VALID = ROOT / "tests" / "fixtures" / "submissions" / "vn.bca.ct01" / "valid-1.json"
CT01_INVALID = ROOT / "tests" / "fixtures" / "submissions" / "vn.bca.ct01" / "invalid-wrong-choice.json"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("twine", path=str(Path(sys.executable).parent)) is None, reason="dev extra not installed"
    ),
]


def _run(argv: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 300) -> str:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{argv}: exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Built from a copy: no build/ or egg-info left in the tree, and no stale build/lib in the wheel.
    source = tmp_path_factory.mktemp("src") / "eformkit"
    junk = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "tests", "var")
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*junk))
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(source)], cwd=out)
    (built,) = out.glob("*.whl")
    return built


def test_the_wheel_is_pure_python_and_passes_twine_check(wheel: Path) -> None:
    assert wheel.name.endswith("-py3-none-any.whl"), wheel.name
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = archive.read(next(n for n in names if n.endswith(".dist-info/WHEEL"))).decode()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "Root-Is-Purelib: true" in info and "Tag: py3-none-any" in info
    assert not [n for n in names if n.endswith((".so", ".pyd", ".c"))]
    # Every module of the source tree is in the wheel (pyproject.toml lists the packages by name).
    modules = {
        p.relative_to(ROOT).as_posix() for p in (ROOT / "eformkit").rglob("*.py") if "__pycache__" not in p.parts
    }
    assert modules - names == set()
    forms = {f"eformkit/forms/{p.name}" for p in (ROOT / "forms").glob("*.yaml")}
    assert forms and forms <= names
    assert {"eformkit/py.typed", "eformkit/packs/vn/data/admin_units.json.gz"} <= names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: MIT" in metadata
    for version in ("3.10", "3.11", "3.12", "3.13"):
        assert f"Classifier: Programming Language :: Python :: {version}" in metadata
    from trove_classifiers import classifiers  # the index refuses an unknown classifier; twine does not check

    declared = [line.split(": ", 1)[1] for line in metadata.splitlines() if line.startswith("Classifier: ")]
    assert declared and [c for c in declared if c not in classifiers] == []
    assert "Requires-Dist: jsonschema-rs" in metadata and "Requires-Dist: regress" in metadata
    twine = str(Path(sys.executable).parent / "twine")
    assert "PASSED" in _run([twine, "check", "--strict", str(wheel)], cwd=wheel.parent)


def _install(venv: Path, requirement: str, cwd: Path) -> None:
    """Install `requirement` into `venv` (made on first use): uv when the dev extra has it, else pip."""
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    python = str(venv / "bin" / "python")
    if uv is not None:
        if not venv.exists():
            _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=cwd)
        _run([uv, "pip", "install", "-q", "--python", python, requirement], cwd=cwd)
    else:
        if not venv.exists():
            _run([sys.executable, "-m", "venv", str(venv)], cwd=cwd)
        _run([python, "-m", "pip", "install", "-q", requirement], cwd=cwd, timeout=600)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_and_get_home(eformkit: str, work: Path, env: dict[str, str]) -> tuple[int, str]:
    """Start `eformkit serve` on a free loopback port, GET / once it answers, stop it."""
    port = _free_port()
    server = subprocess.Popen(
        [eformkit, "serve", "--port", str(port)], cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    return answer.status, answer.read().decode("utf-8")
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    _, err = server.communicate(timeout=10)
                    raise AssertionError(f"no answer (exit {server.returncode}): {err[-2000:]}") from None
                time.sleep(0.2)
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)


def test_a_fresh_environment_runs_the_commands_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _install(venv, str(wheel), tmp_path)
    work = tmp_path / "work"  # no forms/ here, no source tree on the path
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "EFORMKIT_REGISTRY_DB", "FORCE_COLOR")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")  # the embedded registry is built there on first use
    eformkit = str(venv / "bin" / "eformkit")
    python = str(venv / "bin" / "python")

    where = _run([python, "-c", "import eformkit.shipped as s; print(s.__file__); print(s.catalogue_dir())"], work, env)
    module, catalogue = where.split()
    assert module.startswith(str(venv)) and catalogue.startswith(str(venv)), where

    assert "version 0.1.0" in _run([eformkit, "--version"], work, env)
    shipped = len(list((ROOT / "forms").glob("*.yaml")))
    assert f"{shipped} file(s) checked: 0 error(s), 0 warning(s)" in _run([eformkit, "check", catalogue], work, env)
    assert _run([eformkit, "validate", "vn.bca.ct01", str(CT01_VALID), "--lang", "en"], work, env).strip() == "valid"
    invalid = subprocess.run(
        [eformkit, "validate", "vn.bca.ct01", str(CT01_INVALID), "--format", "json"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert invalid.returncode == 1 and json.loads(invalid.stdout)["valid"] is False
    prefilled = json.loads(
        _run([eformkit, "prefill", "vn.bca.ct01", "--subject", "066077000003", "--format", "json"], work, env)
    )
    assert prefilled["values"]["/personal_id"] == "066077000003" and "/full_name" in prefilled["locked"]
    page = work / "ct01.html"
    _run([eformkit, "render", "vn.bca.ct01", "--subject", "066077000003", "--to", "print", "-o", str(page)], work, env)
    assert "Tờ khai thay đổi thông tin cư trú".upper() in page.read_text(encoding="utf-8").upper()

    # The portal: without the demo extra, `serve` says which extra to install (exit 2, no traceback) ...
    bare = subprocess.run([eformkit, "serve", "--port", "9"], cwd=work, env=env, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip
    assert bare.returncode == 2 and "eformkit[demo]" in bare.stderr and "Traceback" not in bare.stderr, bare.stderr
    # ... and with it, the installed package serves the portal (pages, catalogue) on a loopback port.
    _install(venv, f"{wheel}[demo]", tmp_path)
    status, home = _serve_and_get_home(eformkit, work, env)
    assert status == 200 and home.count('name="subject"') >= 1  # the demo citizens, from the embedded registry
