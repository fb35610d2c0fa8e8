"""Converter tests: fixtures built by code, hostile files, naming fixtures (forms.md §D), real templates."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conv_builder import NS, build, load_specs
from conv_scoring import score_fixtures, score_real, templates_dir

from eformkit.packs import load_pack
from eformkit.schema.convert import ConversionError, convert_folder, convert_template, field_id, match_label
from eformkit.schema.convert.cli_command import convert
from eformkit.schema.convert.safety import Limits
from eformkit.schema.definition import FormDefinition

REAL = templates_dir()
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/templates not present")


@pytest.fixture(scope="module")
def vocabulary():  # type: ignore[no-untyped-def]
    return load_pack("vn").vocabulary


def _spec(name: str) -> dict:  # type: ignore[type-arg]
    return next(s for s in load_specs() if s["name"] == name)


def test_fixture_scores(tmp_path: Path) -> None:
    score = score_fixtures(tmp_path)
    assert score.f1 == 1.0, score.misses
    assert score.label_accuracy == 1.0, score.misses
    assert score.naming_accuracy == 1.0, score.misses


@pytest.mark.parametrize("spec", load_specs(), ids=lambda s: s["name"])
def test_drafts_are_valid_form_definitions(spec: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    result = convert_template(build(spec, tmp_path))
    definition = FormDefinition.model_validate(yaml.safe_load(result.yaml_text))
    assert definition.form.startswith("draft.")
    assert all(f["anchor"] for s in result.mapping["sections"].values() for f in s["fields"].values())


def test_anchor_points_at_the_dots(tmp_path: Path) -> None:
    result = convert_template(build(_spec("residence_docx"), tmp_path))
    field = next(f for f in result.fields if f.label == "Kính gửi")
    anchor = field.anchor
    with zipfile.ZipFile(tmp_path / "residence_docx.docx") as zf:
        root = etree.fromstring(zf.read(anchor["part"]))
    (run,) = root.getroottree().xpath(anchor["path"], namespaces=NS)
    text = "".join(run.itertext())
    start, end = anchor["chars"]
    assert set(text[start:end]) <= set(".…")
    assert field.help == "Cơ quan đăng ký cư trú."


def test_member_table_and_digit_boxes(tmp_path: Path) -> None:
    result = convert_template(build(_spec("residence_docx"), tmp_path))
    table = next(f for f in result.fields if f.type == "table")
    assert table.rows_prefill == "household.members"
    assert [c.id for c in table.columns][:2] == ["full_name", "date_of_birth"]
    head_id = next(f for f in result.fields if f.element == "household_head.personal_id")
    assert head_id.anchor["kind"] == "digit_cells" and head_id.anchor["length"] == 12


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("broken.docx", b"PK\x03\x04 not really a zip", "EFK-CONV-004"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "EFK-CONV-003"),
        ("bomb.docx", _zip({"word/document.xml": b"<a>" + b" " * (30 * 1024 * 1024) + b"</a>"}), "EFK-CONV-005"),
        ("xxe.docx", _zip({"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM '
                                                 b'"file:///etc/passwd">]><d>&x;</d>'}), "EFK-CONV-007"),
        ("laughs.docx", _zip({"word/document.xml": b'<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
                                                   b"<l>&b;</l>"}), "EFK-CONV-007"),
        ("bad.docx", _zip({"word/document.xml": b"<w:document>\n<w:body>\n</w:document>"}), "EFK-CONV-006"),
        ("empty.docx", _zip({"word/other.xml": b"<a/>"}), "EFK-CONV-008"),
        ("form.pdf", b"%PDF-1.4", "EFK-CONV-009"),
        ("latin.txt", b"H\xf2 t\xean: ....", "EFK-CONV-012"),
        ("entity.html", b'<!DOCTYPE html [<!ENTITY x "y">]><p>&x;</p>', "EFK-CONV-007"),
    ],
)
def test_hostile_files_give_clear_errors(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    with pytest.raises(ConversionError) as info:
        convert_template(_write(tmp_path, name, data))
    exc = info.value
    assert exc.code == code
    assert exc.message_vi and exc.message_en and name in exc.location
    if code == "EFK-CONV-006":
        assert exc.line is not None and exc.part == "word/document.xml"


def test_file_size_limit(tmp_path: Path) -> None:
    path = build(_spec("residence_docx"), tmp_path)
    with pytest.raises(ConversionError) as info:
        convert_template(path, limits=Limits(max_file_bytes=100))
    assert info.value.code == "EFK-CONV-002"


def test_doc_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eformkit.schema.convert.doc_reader.find_soffice", lambda: None)
    path = _write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(ConversionError) as info:
        convert_template(path)
    assert info.value.code == "EFK-CONV-010" and "LibreOffice" in info.value.message_vi


@pytest.mark.parametrize(
    ("label", "element"),
    [
        ("Họ, chữ đệm và tên", "applicant.full_name"), ("Họ, chữ đệm và tên khai sinh", "applicant.full_name"),
        ("Họ, chữ đệm, tên", "applicant.full_name"), ("Họ và tên", "applicant.full_name"),
        ("Họ và tên (ghi bằng chữ in hoa)", "applicant.full_name"), ("HỌ VÀ TÊN", "applicant.full_name"),
        ("Ho va ten", "applicant.full_name"), ("Họ tên", "applicant.full_name"), ("Hä vµ tªn", "applicant.full_name"),
        ("Ngày, tháng, năm sinh", "applicant.date_of_birth"), ("Ngày sinh", "applicant.date_of_birth"),
        ("Sinh ngày", "applicant.date_of_birth"), ("Năm sinh", "applicant.date_of_birth"),
        ("Số định danh cá nhân", "applicant.personal_id"), ("Số định danh", "applicant.personal_id"),
        ("Số CCCD", "applicant.personal_id"), ("Số căn cước", "applicant.personal_id"),
        ("Số định danh cá nhân/CMND", "applicant.personal_id"),
        # negatives of forms.md §D: the role word decides
        ("9. Số định danh cá nhân của chủ hộ:", "household_head.personal_id"),
        ("Họ, chữ đệm, tên người mẹ:", "mother.full_name"),
        ("Họ, chữ đệm, tên người yêu cầu:", "applicant.full_name"),
        ("7. Họ, chữ đệm và tên chủ hộ(3):", "household_head.full_name"),
        ("8. Mối quan hệ với chủ hộ:", "applicant.relationship_to_household_head"),
    ],
)
def test_naming_fixtures(vocabulary: object, label: str, element: str) -> None:
    found = match_label(label, vocabulary)  # type: ignore[arg-type]
    assert found is not None and found.element == element and found.confidence >= 0.8


@pytest.mark.parametrize("label", ["Số lượng", "Kết quả xử lý", "Ghi chú khác", "năm", "Testator’s Name"])
def test_unknown_labels_are_not_forced(vocabulary: object, label: str) -> None:
    found = match_label(label, vocabulary)  # type: ignore[arg-type]
    assert found is None or found.confidence < 0.8


def test_naming_works_from_a_plain_mapping() -> None:
    path = Path(load_pack("vn").root) / "vocabulary.yaml"
    mapping = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = match_label("Họ, chữ đệm, tên người mẹ", mapping)
    assert found is not None and found.element == "mother.full_name"


def test_field_ids_are_snake_case_ascii() -> None:
    taken: set[str] = set()
    assert field_id("10. Nội dung đề nghị(2):", taken) == "noi_dung_de_nghi"
    assert field_id("Nội dung đề nghị", taken) == "noi_dung_de_nghi_2"
    assert field_id("20", taken) == "f_20"


def test_cli_and_batch(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for spec in load_specs():
        build(spec, src)
    (src / "broken.docx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "out.yaml"
    runner = CliRunner()
    result = runner.invoke(convert, [str(src / "plain_text.txt"), "-o", str(out), "--report", "json"])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["form"] == "draft.plain_text"
    seen: list[int] = []
    batch = convert_folder(src, tmp_path / "drafts", progress=lambda done, total: seen.append(done))
    assert len(batch.converted) == len(load_specs()) and len(batch.failed) == 1 and seen[-1] == len(load_specs()) + 1
    failed = runner.invoke(convert, [str(src / "broken.docx")])
    assert failed.exit_code == 2 and "EFK-CONV-004" in failed.output


@needs_real
def test_real_ct01_binds_registry_items() -> None:
    result = convert_template(REAL / "to-khai-cu-tru.docx")
    bound = {f.number: f.element for f in result.fields if f.number}
    assert bound["1"] == "applicant.full_name"
    assert bound["2"] == "applicant.date_of_birth"
    assert bound["3"] == "applicant.sex"
    assert bound["4"] == "applicant.personal_id"
    assert bound["5"] == "applicant.mobile_phone"
    assert bound["6"] == "applicant.email"
    assert bound["7"] == "applicant.permanent_residence"
    assert bound["8"] == "applicant.temporary_residence"
    assert bound["9"] == "applicant.current_residence"
    assert bound["11"] == "household_head.full_name"
    assert bound["12"] == "applicant.relationship_to_household_head"
    assert bound["13"] == "household_head.personal_id"
    table = next(f for f in result.fields if f.type == "table")
    assert table.rows_prefill == "household.members"
    assert {c.element for c in table.columns} >= {"full_name", "date_of_birth", "sex", "personal_id",
                                                  "relationship_to_household_head"}
    assert result.header.code == "CT01" and result.header.title == "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"
    FormDefinition.model_validate(yaml.safe_load(result.yaml_text))


@needs_real
def test_real_template_targets() -> None:
    score = score_real()
    assert score is not None
    assert score.f1 >= 0.95, score.misses
    assert score.naming_accuracy >= 0.90, score.misses


def test_header_from_text_box(tmp_path: Path) -> None:
    result = convert_template(build(_spec("boxes_docx"), tmp_path))
    assert result.header.code == "CC01"
    assert result.header.instrument == "Thông tư số 41/2019/TT-BCA"
    assert result.mapping["form"] == "draft.cc01"
    assert result.mapping["legal_basis"]["instrument"] == "Thông tư số 41/2019/TT-BCA"
