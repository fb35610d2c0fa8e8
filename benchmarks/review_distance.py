"""How much of a converter draft the review changed, for the catalogue forms published from the KLTN
development corpus (issue 12, item 7).

For each form in the table below, the corpus text is converted afresh (the same converter as
`eformkit convert`) and compared with the published `forms/<id>.yaml` line by line (difflib, lines
added + removed). Two figures are printed: against the whole draft, and against the draft without its
`anchor:` blocks (positions in the corpus text, which a published form drops because its template is
not in the project), so the second is what the review itself rewrote; `kept` is the number of those
draft lines the published file keeps word for word. Comment and blank lines of the published file count
as added lines.

    python benchmarks/review_distance.py

The corpus is read from ../shared (or $EFORMKIT_SHARED) and never copied; without it the script says so
and exits 0.
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

from eformkit.schema.convert import convert_template

ROOT = Path(__file__).resolve().parents[1]
CORPUS_TEXTS = Path("corpus") / "kltn-dev" / "Công dân All" / "Output_vi_tri_can_dien"

# published form id -> corpus file (10-dot variant) it was converted from
PUBLISHED = {
    "vn.bgddt.tuition_exemption": "31_don_xin_mien_giam_hoc_phi.txt",
    "vn.bca.id_number_confirmation": "60_xac_minh_cccd.txt",
    "vn.bldtbxh.unemployment_benefit_termination": "09_cham_dut_huong_tro_cap_that_nghiep.txt",
    "vn.ttcp.denunciation": "28_don_to_cao.txt",
    "vn.bca.tk04": "42_Mẫu TK04 khôi phục HC TK04 MỚI.txt",
    "vn.bca.tk05": "43_Mẫu TK05 báo mất HC 05 7 TK05 MỚI.txt",
    "vn.bldtbxh.funeral_support": "14_DDN_ho_tro_chi_phi_mai_tang.txt",
    "vn.btp.guardianship_registration": "55_TK_DK_giam_ho.txt",
    "vn.btp.parentage_recognition": "57_TK_DK_nhan_CMC.txt",
    "vn.bldtbxh.vocational_training_support": "17_de_nghi_ho_tro_hoc_nghe.txt",
    "vn.bca.tk01a": "51_TK_cap_ho_chieu_tre_em.txt",
    "vn.bgddt.withdrawal_request": "33_don_xin_thoi_hoc.txt",
    "vn.btp.civil_status_change": "50_TKDK_thay_doi_bo_sung_ho_tich_xacdinhlai_dantoc.txt",
    "vn.bgddt.policy_scholarship_commitment": "62_xet_cap_hoc_bong_chinh_sach.txt",
    "vn.bgddt.study_abroad_extension": "13_DDN_gia_han_time_hoc_nuoc_ngoai.txt",
}


def _texts_folder() -> Path | None:
    shared = os.environ.get("EFORMKIT_SHARED")
    for base in ([Path(shared)] if shared else []) + [ROOT / ".." / "shared", ROOT / ".." / ".." / "shared"]:
        if (base / CORPUS_TEXTS).is_dir():
            return base / CORPUS_TEXTS
    return None


def without_anchors(lines: list[str]) -> list[str]:
    """The draft's lines minus every `anchor:` block (the key line and everything indented under it)."""
    out: list[str] = []
    block: int | None = None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if block is not None and indent > block:
            continue
        block = None
        if line.strip() == "anchor:":
            block = indent
            continue
        out.append(line)
    return out


def changed(a: list[str], b: list[str]) -> tuple[int, int]:
    """(lines added plus lines removed to turn `a` into `b`, lines of `a` kept unchanged)."""
    tags = [d[:2] for d in difflib.ndiff(a, b)]
    return sum(1 for t in tags if t in ("+ ", "- ")), tags.count("  ")


def main() -> int:
    folder = _texts_folder()
    if folder is None:
        print("review distance: ../shared/corpus/kltn-dev not present, skipped")
        return 0
    head = f"{'form':44} {'draft':>6} {'changed':>8} {'no-anchor draft':>16} {'changed':>8} {'kept':>5}"
    head += f" {'published':>10}"
    print(head)
    print("-" * len(head))
    totals = [0] * 6
    for form_id, name in PUBLISHED.items():
        draft = convert_template(folder / name).yaml_text.splitlines()
        published = (ROOT / "forms" / f"{form_id}.yaml").read_text(encoding="utf-8").splitlines()
        bare = without_anchors(draft)
        whole, _ = changed(draft, published)
        review, kept = changed(bare, published)
        row = [len(draft), whole, len(bare), review, kept, len(published)]
        totals = [t + r for t, r in zip(totals, row, strict=True)]
        print(_row(form_id, row))
    print("-" * len(head))
    print(_row(f"total ({len(PUBLISHED)} forms)", totals))
    return 0


def _row(name: str, row: list[int]) -> str:
    return f"{name:44} {row[0]:6} {row[1]:8} {row[2]:16} {row[3]:8} {row[4]:5} {row[5]:10}"


if __name__ == "__main__":
    sys.exit(main())
