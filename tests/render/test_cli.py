"""`eformkit render` writes html, print and docx files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
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


def test_render_docx_says_which_template_it_used(tmp_path, ct01, monkeypatch) -> None:
    """`--to docx` names why it falls back to a generated document (a coded warning), and
    `--require-template` refuses instead (exit 2); one folder holding the links file and the template fills it."""
    import sys

    import yaml

    sys.path.insert(0, str(HERE))
    from docx_builder import CT01_LINKS, ct01_template

    monkeypatch.delenv("EFORMKIT_TEMPLATE_DIRS", raising=False)
    runner = CliRunner()
    data = tmp_path / "d.json"
    data.write_text('{"full_name": "Nguyễn Thị Hoa"}', encoding="utf-8")
    base = [str(ct01.path), "--data", str(data), "--to", "docx", "-o", str(tmp_path / "out.docx"), "--lang", "en"]

    plain = runner.invoke(render, base)
    assert plain.exit_code == 0 and "warning: EFK-DOCX-001" in plain.output and "generated document" in plain.output
    refused = runner.invoke(render, [*base, "--require-template"])
    assert refused.exit_code == 2 and "EFK-DOCX-001" in refused.output

    folder = tmp_path / "word"
    folder.mkdir()
    links = {"form": "vn.bca.ct01", "template": "ct01-test.docx", "links": CT01_LINKS}
    (folder / "vn.bca.ct01.links.yaml").write_text(yaml.safe_dump(links, allow_unicode=True), encoding="utf-8")
    missing = runner.invoke(render, [*base, "--templates", str(folder), "--require-template"])
    assert missing.exit_code == 2 and "EFK-DOCX-003" in missing.output and "ct01-test.docx" in missing.output

    (folder / "ct01-test.docx").write_bytes(ct01_template())
    filled = runner.invoke(render, [*base, "--templates", str(folder), "--require-template"])
    assert filled.exit_code == 0 and "warning" not in filled.output and "filled template" in filled.output
    with zipfile.ZipFile(tmp_path / "out.docx") as z:
        assert "Nguyễn Thị Hoa" in z.read("word/document.xml").decode("utf-8")

    (folder / "vn.bca.ct01.links.yaml").write_text("form: vn.bca.ct01\nlinks: [unclosed\n", encoding="utf-8")
    broken = runner.invoke(render, [*base, "--templates", str(folder)])
    assert broken.exit_code == 0 and "EFK-DOCX-004: vn.bca.ct01.links.yaml:3:1" in broken.output
    assert "Nguyễn" not in broken.output  # never a value in a message


def test_one_folder_holding_only_the_template_is_enough(tmp_path, ct01, monkeypatch) -> None:
    """The CT01 links ship with the catalogue (eformkit/portal/word): a folder with only the .docx fills it."""
    import sys

    sys.path.insert(0, str(HERE))
    from docx_builder import ct01_template

    from eformkit.render.outputs import SHIPPED_LINKS

    if not (SHIPPED_LINKS / "vn.bca.ct01.links.yaml").is_file():
        pytest.skip("the shipped links are not in this install")
    monkeypatch.delenv("EFORMKIT_TEMPLATE_DIRS", raising=False)
    folder = tmp_path / "word"
    folder.mkdir()
    (folder / "to-khai-cu-tru.docx").write_bytes(ct01_template())  # the name the shipped links give
    data = tmp_path / "d.json"
    data.write_text('{"full_name": "Nguyễn Thị Hoa"}', encoding="utf-8")
    out = tmp_path / "out.docx"
    args = [str(ct01.path), "--data", str(data), "--to", "docx", "-o", str(out), "--templates", str(folder)]
    result = CliRunner().invoke(render, [*args, "--require-template"])
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    with zipfile.ZipFile(out) as z:
        assert "Nguyễn Thị Hoa" in z.read("word/document.xml").decode("utf-8")
