"""Batch conversion: a process pool with the same drafts as one process, resume, the summary, and one
LibreOffice for all legacy files (restarted when it hangs or dies), with a scripted stand-in for LibreOffice
and with the real one when it is installed."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conv_builder import build, load_specs

from eformkit.schema.convert import convert_folder
from eformkit.schema.convert.cli_command import convert
from eformkit.schema.convert.doc_reader import find_soffice, office_to_docx


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    for spec in load_specs():
        build(spec, src)
    (src / "sub" / "broken.docx").write_bytes(b"PK\x03\x04")
    return src


def _drafts(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


def test_two_processes_give_the_same_drafts_and_summary(templates: Path, tmp_path: Path) -> None:
    one = convert_folder(templates, tmp_path / "one", jobs=1)
    two = convert_folder(templates, tmp_path / "two", jobs=2)
    assert _drafts(tmp_path / "one") == _drafts(tmp_path / "two")
    assert len(_drafts(tmp_path / "one")) == len(load_specs())
    assert one.to_json() == two.to_json() and one.to_csv() == two.to_csv()
    broken = next(r for r in two.rows if r.template == "sub/broken.docx")
    assert broken.status == "failed" and broken.error is not None and broken.error.code == "EFK-CONV-004"
    assert two.totals()["failed"] == 1 and two.totals()["fields"] > 0


def test_cli_summary_formats_and_exit_code(templates: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "drafts"
    result = runner.invoke(convert, [str(templates), "-o", str(out), "--jobs", "2", "--report", "json"])
    assert result.exit_code == 1  # one template failed; the others were converted all the same
    document = json.loads(result.stdout)
    assert [t["template"] for t in document["templates"]] == sorted(t["template"] for t in document["templates"])
    assert document["totals"]["converted"] == len(load_specs())
    assert {"template", "fields", "bound", "to_review", "error"} <= set(document["templates"][0])
    assert result.stderr == ""  # no terminal: no progress bar
    csv_run = runner.invoke(convert, [str(templates), "-o", str(out), "--report", "csv", "--force"])
    header, *rows = csv_run.stdout.splitlines()
    assert header.startswith("template,status,draft,fields,bound,to_review,error")
    assert any(",failed,," in r and "EFK-CONV-004" in r for r in rows)
    single = runner.invoke(convert, [str(templates / "plain_text.txt"), "--report", "csv"])
    assert single.exit_code == 2


def test_resume_skips_fresh_drafts_unless_forced(templates: Path, tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    first = convert_folder(templates, out)
    assert not first.skipped
    again = convert_folder(templates, out)
    assert len(again.skipped) == len(first.converted) and not again.converted
    assert len(again.failed) == 1  # a failed template has no draft: tried again
    touched = templates / "plain_text.txt"
    later = (out / "plain_text.yaml").stat().st_mtime_ns + 1_000_000_000
    os.utime(touched, ns=(later, later))
    edited = convert_folder(templates, out, jobs=2)
    assert list(edited.converted) == [touched]
    forced = convert_folder(templates, out, force=True)
    assert len(forced.converted) == len(first.converted) and not forced.skipped


_FAKE_OFFICE = """#!{python}
# A stand-in for soffice --convert-to: converts its files in order; hangs on HANG, dies on CRASH.
import os, sys, time
args = sys.argv[1:]
out = args[args.index("--outdir") + 1]
for name in [a for a in args if not a.startswith("-") and a != out and "UserInstallation" not in a][1:]:
    data = open(name, "rb").read()
    if b"HANG" in data:
        time.sleep(60)
    if b"CRASH" in data:
        os._exit(134)
    stem = os.path.splitext(os.path.basename(name))[0]
    open(os.path.join(out, stem + ".docx"), "wb").write(data.replace(b"DOC:", b""))
"""


def test_one_office_process_restarted_after_a_hang_and_a_crash(tmp_path: Path) -> None:
    fake = tmp_path / "fake-soffice"
    fake.write_text(_FAKE_OFFICE.format(python=sys.executable))
    fake.chmod(0o755)
    names = ["a.doc", "hang.doc", "b.doc", "crash.rtf", "c.doc"]
    paths = []
    for name in names:
        path = tmp_path / name
        path.write_bytes(b"DOC:" + name.split(".")[0].upper().encode())
        paths.append(path)
    starts: list[int] = []
    out = tmp_path / "out"
    out.mkdir()
    got = office_to_docx(paths, out, timeout=1.5, soffice=str(fake), on_start=lambda: starts.append(1))
    assert len(starts) == 3  # once, again after the hang, again after the crash
    converted = {p.name: v.read_bytes() for p, v in got.items() if isinstance(v, Path)}
    assert converted == {"a.doc": b"A", "b.doc": b"B", "c.doc": b"C"}
    errors = {p.name: v for p, v in got.items() if not isinstance(v, Path)}
    assert set(errors) == {"hang.doc", "crash.rtf"}
    assert errors["hang.doc"].code == "EFK-CONV-011" and "timeout" in errors["hang.doc"].message_en
    assert errors["crash.rtf"].code == "EFK-CONV-011" and "stopped" in errors["crash.rtf"].message_en


needs_office = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")


@needs_office
def test_real_libreoffice_converts_a_folder_of_doc_files_with_one_process(templates: Path, tmp_path: Path) -> None:
    import subprocess

    docx = sorted(templates.glob("*.docx"))[:3]
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc", "--outdir", str(legacy),
         *map(str, docx)], check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    (legacy / "garbage.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    starts: list[int] = []
    out = tmp_path / "docx"
    out.mkdir()
    got = office_to_docx(sorted(legacy.glob("*.doc")), out, on_start=lambda: starts.append(1))
    assert len(starts) == 1
    assert sum(isinstance(v, Path) for v in got.values()) == 3
    batch = convert_folder(legacy, tmp_path / "drafts", jobs=2)
    assert len(batch.converted) == 3 and all(r.fields for r in batch.rows if r.status == "converted")
    assert batch.failed[legacy / "garbage.doc"].code == "EFK-CONV-011"


def test_templates_that_would_share_a_draft_name_each_get_their_own(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "a").mkdir(parents=True)
    text = "Họ và tên: ..............................\nNgày sinh: ..../..../........\n"
    for name in ("x.txt", "x.html", "a/b.txt", "a__b.txt"):
        body = f"<p>{text}</p>" if name.endswith(".html") else text
        (src / name).write_text(body, encoding="utf-8")
    result = convert_folder(src, tmp_path / "out")
    names = sorted(p.name for p in (tmp_path / "out").glob("*.yaml"))
    assert names == ["a__b.txt-2.yaml", "a__b.txt.yaml", "x.html.yaml", "x.txt.yaml"]
    assert len(result.converted) == 4 and len(set(result.converted.values())) == 4
