"""`eformkit render` writes html, print and docx files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from click.testing import CliRunner

from eformkit.prefill.embedded import default_db
from eformkit.render.cli_commands import render

HERE = Path(__file__).parent


def test_render_targets(tmp_path, ct01) -> None:
    subject = default_db().person_ids(1)[0]
    runner = CliRunner()
    form = str(ct01.path)
    for target, name in (("html", "f.html"), ("print", "p.html"), ("docx", "f.docx")):
        out = tmp_path / name
        result = runner.invoke(render, [form, "--subject", subject, "--to", target, "-o", str(out), "--lang", "vi"])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    assert "readonly" in (tmp_path / "f.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(io.BytesIO((tmp_path / "f.docx").read_bytes())) as z:
        assert z.testzip() is None
    assert subject not in result.output


def test_render_with_data_and_errors(tmp_path) -> None:
    runner = CliRunner()
    form = str(HERE / "fixtures" / "ct01_mini.yaml")
    data = tmp_path / "d.json"
    data.write_text('{"full_name": "Lê <b>Tám</b>"}', encoding="utf-8")
    result = runner.invoke(render, [form, "--data", str(data), "-o", "-", "--lang", "en"])
    assert result.exit_code == 0 and "Lê &lt;b&gt;Tám&lt;/b&gt;" in result.output
    data.write_text("[1]", encoding="utf-8")
    assert runner.invoke(render, [form, "--data", str(data), "-o", "-"]).exit_code == 2
    assert runner.invoke(render, [form, "--to", "docx", "-o", "-"]).exit_code == 2
    assert runner.invoke(render, [str(tmp_path / "missing.yaml"), "-o", "-"]).exit_code == 2
    unknown = runner.invoke(render, [form, "--subject", "066190999999", "-o", "-"])
    assert unknown.exit_code == 1 and "066190999999" not in unknown.output
    malformed = runner.invoke(render, [form, "--subject", "999999999999", "-o", "-"])  # no province 999
    assert malformed.exit_code == 2 and "EFK-VN-001" in malformed.output and "999999999999" not in malformed.output
