"""The conventions every `eformkit` command keeps: help on every option and the exit codes in every help,
one exit-code rule, -q/-v, colour with NO_COLOR/FORCE_COLOR, '-' for stdin, lazy start-up, the pre-commit hook."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from eformkit.cli import COMMANDS, REPORT_FORMATS, cli, main
from eformkit.schema.reporters import REPORTERS

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "forms"
CRIMINAL = FIXTURES / "valid" / "criminal_record.yaml"
BROKEN = FIXTURES / "invalid" / "EFK-REF-001.yaml"  # parses, but is not a valid definition
CT01 = ROOT / "forms" / "vn.bca.ct01.yaml"


def _commands() -> list[tuple[str, click.Command]]:
    ctx = click.Context(cli)
    found: list[tuple[str, click.Command]] = []
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None, name
        found.append((name, command))
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", c) for sub, c in command.commands.items()]
    return found


def test_every_command_lists_its_exit_codes_and_every_option_has_help() -> None:
    commands = _commands()
    assert {"check", "schema", "validate", "prefill", "render", "serve", "registry list", "registry build"} <= {
        n for n, _ in commands
    }
    for name, command in commands:
        assert command.epilog and "Exit codes" in command.epilog and "  2  " in command.epilog, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"eformkit {name} {param.opts[0]} has no help"


def test_the_lazy_table_says_what_each_command_says_of_itself() -> None:
    ctx = click.Context(cli)
    for name, (_, _, summary) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None and command.help is not None
        assert command.help.strip().splitlines()[0] == summary, name
    assert list(REPORT_FORMATS) == sorted(REPORTERS)


def test_version_and_help_load_no_library_code() -> None:
    """`eformkit --version`/`--help` import click and the CLI module only (the start-up benchmark times it)."""
    heavy = ["pydantic", "eformkit.packs", "eformkit.schema.form", "eformkit.prefill.engine", "lxml", "jinja2"]
    code = (
        "import sys\nfrom eformkit.cli import main\n"
        "for args in (['--version'], ['--help']):\n    assert main(args) == 0\n"
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


# -- one exit-code rule ----------------------------------------------------------------------------------


def test_an_invalid_form_is_unusable_input_to_every_command_but_check(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    submission = tmp_path / "s.json"
    submission.write_text("{}", encoding="utf-8")
    assert main(["check", str(BROKEN)]) == 1  # what check examines: findings
    for args in (
        ["schema", str(BROKEN)],
        ["validate", str(BROKEN), str(submission)],
        ["prefill", str(BROKEN), "--subject", "066077000003"],
        ["render", str(BROKEN), "-o", "-"],
    ):
        capsys.readouterr()
        assert main(args) == 2, args
        assert "EFK-REF-001" in capsys.readouterr().err, args


def test_a_malformed_subject_is_a_coded_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prefill", str(CT01), "--subject", "12345"]) == 2
    err = capsys.readouterr().err
    assert "EFK-VN-001" in err and "12 digits" in err and "12345" not in err  # masked


# -- -q / -v, colour ----------------------------------------------------------------------------------


def test_verbose_adds_the_traceback_of_an_internal_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import eformkit.schema.catalogue

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(eformkit.schema.catalogue, "check_catalogue", boom)
    assert main(["check", str(CRIMINAL)]) == 3
    assert "Traceback" not in capsys.readouterr().err
    assert main(["check", "-v", str(CRIMINAL)]) == 3
    err = capsys.readouterr().err
    assert err.startswith("eformkit: internal error: RuntimeError: simulated bug") and "Traceback" in err


def test_quiet_and_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CRIMINAL)]) == 0
    assert "1 file(s) checked" in capsys.readouterr().out
    assert main(["check", "-q", str(CRIMINAL)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["-v", "check", str(CRIMINAL)]) == 0
    assert f"checked {CRIMINAL}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("env", "coloured"),
    [({}, False), ({"FORCE_COLOR": "1"}, True), ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False)],
)
def test_colour_follows_no_color_and_force_color(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, env: dict[str, str], coloured: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["check", str(BROKEN)]) == 1  # captured output is no terminal: colour only when forced
    out = capsys.readouterr().out
    assert "EFK-REF-001" in out and ("\x1b[" in out) is coloured


# -- '-' for stdin --------------------------------------------------------------------------------------


def _submission() -> dict[str, Any]:
    from tests.schema._submissions import submission

    return submission("criminal_record")


def test_dash_reads_standard_input() -> None:
    runner = CliRunner()
    form_text = CRIMINAL.read_text(encoding="utf-8")
    valid = json.dumps(_submission(), ensure_ascii=False)
    result = runner.invoke(cli, ["validate", str(CRIMINAL), "-", "--lang", "en"], input=valid)
    assert (result.exit_code, result.output.strip()) == (0, "valid")
    result = runner.invoke(cli, ["validate", str(CRIMINAL), "-"], input="{not json")
    assert result.exit_code == 2 and "<stdin>:1:2" in result.output
    result = runner.invoke(cli, ["schema", "-"], input=form_text)
    assert result.exit_code == 0 and json.loads(result.output)["x-eformkit"]["form"] == "vn.test.criminal_record"
    result = runner.invoke(cli, ["check", "-"], input=form_text)
    assert result.exit_code == 0 and "1 file(s) checked" in result.output
    result = runner.invoke(cli, ["check", "-"], input=BROKEN.read_text(encoding="utf-8"))
    assert result.exit_code == 1 and "<stdin>" in result.output and "EFK-REF-001" in result.output


def test_a_form_argument_may_be_a_shipped_form_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "vn.bca.ct01"]) == 0
    assert json.loads(capsys.readouterr().out)["x-eformkit"]["form"] == "vn.bca.ct01"
    assert main(["schema", "vn.no.such_form"]) == 2
    assert "EFK-IO-001" in capsys.readouterr().err


def test_schema_lang_changes_titles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", str(CT01), "--lang", "en"]) == 0
    en = json.loads(capsys.readouterr().out)
    assert main(["schema", str(CT01), "--lang", "vi"]) == 0
    vi = json.loads(capsys.readouterr().out)
    assert en["title"] == "Declaration of change of residence information"
    assert vi["title"] == "Tờ khai thay đổi thông tin cư trú"
    assert (en["properties"]["sex"]["title"], vi["properties"]["sex"]["title"]) == ("Sex", "Giới tính")
    en_titles = json.dumps(en, ensure_ascii=False)
    assert en_titles != json.dumps(vi, ensure_ascii=False) and en["properties"].keys() == vi["properties"].keys()


# -- SARIF ------------------------------------------------------------------------------------------------


def test_sarif_names_no_address_that_does_not_exist(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "sarif", str(BROKEN)]) == 1
    doc = json.loads(capsys.readouterr().out)
    driver = doc["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver and all("helpUri" not in rule for rule in driver["rules"])
    assert [r["ruleId"] for r in doc["runs"][0]["results"]] == ["EFK-REF-001"]


# -- the pre-commit hook ------------------------------------------------------------------------------------


def test_the_pre_commit_hook_checks_the_whole_catalogue(tmp_path: Path) -> None:
    """A form id used twice is found even when only one of the two files is staged."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["pass_filenames"] is False
    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(CRIMINAL, forms / "a.yaml")
    shutil.copy(CRIMINAL, forms / "b.yaml")  # the same form id
    argv = shlex.split(hook["entry"])
    assert argv[0] == "eformkit"
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR",)}
    done = subprocess.run(
        [sys.executable, "-m", "eformkit", *argv[1:]],  # what pre-commit runs, with no file names
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert done.returncode == 1, done.stderr
    assert "EFK-FORM-001" in done.stdout and "2 file(s) checked" in done.stdout
