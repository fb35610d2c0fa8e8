"""Rendering benchmark: a prefilled CT01 page, the CT01 Word template filled by eformkit, and docxtpl
filling the same template (tagged by hand below), side by side. Medians of measured runs.

    python benchmarks/bench_render.py [--runs N]

The Word template is ../shared/templates/to-khai-cu-tru.docx when it is there (linked by
eformkit/portal/word/vn.bca.ct01.links.yaml), else a CT01-like template built in code.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "render"))

from _timing import median_ms  # noqa: E402
from docx_builder import CT01_DATA, CT01_LINKS, ct01_template  # noqa: E402

from eformkit.prefill.defaults import default_registry  # noqa: E402
from eformkit.prefill.embedded import default_db  # noqa: E402
from eformkit.prefill.engine import PrefillEngine  # noqa: E402
from eformkit.render.docx_fill import DocxTemplate, fill_docx  # noqa: E402
from eformkit.render.docx_values import Fill, fills_for  # noqa: E402
from eformkit.render.html_form import RenderOptions, render_form  # noqa: E402
from eformkit.render.print_view import render_print  # noqa: E402
from eformkit.schema.form import load_form  # noqa: E402

SHARED = ROOT.parent / "shared" / "templates" / "to-khai-cu-tru.docx"
LINKS_FILE = ROOT / "eformkit" / "portal" / "word" / "vn.bca.ct01.links.yaml"


def tagged_copy(template: DocxTemplate, links: dict[str, Any], form: Any) -> tuple[bytes, dict[str, Any]]:
    """The same template with Jinja tags where eformkit writes values, and the docxtpl context.

    Tags go exactly where the blanks are (so both tools write the same places): a tag per line blank,
    ``{{ dob_d }}``/``{{ dob_m }}``/``{{ dob_y }}`` per date piece, one tag per digit box, and a
    ``{%tr for %}`` row loop in the member table."""
    fills = fills_for(form, CT01_DATA, links)
    tags: list[tuple[str, dict[str, Any], Fill]] = []
    context: dict[str, Any] = {}
    for pointer, anchor in links.items():
        name = pointer.strip("/").replace("/", "_")
        kind = (template.resolve(anchor) or {}).get("kind")
        value = fills[pointer]
        if kind == "date":
            tags.append((pointer, anchor, Fill(parts=tuple(f"{{{{ {name}_{p} }}}}" for p in "dmy"), value=1)))
            context.update({f"{name}_{p}": v for p, v in zip("dmy", value.parts, strict=True)})
        elif kind == "digit_cells":
            tags.append((pointer, anchor, Fill(parts=tuple(f"{{{{ {name}[{i}] }}}}" for i in range(12)), value=1)))
            context[name] = list(value.parts)
        elif kind == "table_rows":
            width = len(template.part("word/document.xml").find(template.resolve(anchor)["path"]).findall(  # type: ignore[index,union-attr]
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr")[1].findall(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc"))  # fmt: skip
            cols = len(value.rows[0]) if value.rows else 0
            row = ["{{ loop.index }}", *[f"{{{{ r[{i}] }}}}" for i in range(cols)]][:width]
            rows = (("{%tr for r in " + name + " %}",), tuple(row), ("{%tr endfor %}",))
            tags.append((pointer, anchor, Fill(rows=tuple(r + ("",) * (width - len(r)) for r in rows), value=1)))
            context[name] = [list(r) for r in value.rows or ()]
        else:
            tags.append((pointer, anchor, Fill(f"{{{{ {name} }}}}", value=1)))
            context[name] = value.text
    data, report = template.fill(tags)
    assert not report.skipped, report.skipped
    return data, context


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=400)
    args = parser.parse_args()
    runs = args.runs

    form = load_form(ROOT / "forms" / "vn.bca.ct01.yaml")
    subject = default_db().person_ids(1)[0]
    prefill = PrefillEngine(default_registry(), token_key=b"bench-key" * 4).prefill(form, subject)
    opts = RenderOptions(action="/forms/vn.bca.ct01", static_url="/static/eform",
                         communes_url="/units/{province}.json", hidden={"_csrf": "x" * 22})  # fmt: skip
    page = render_form(form, prefill=prefill, options=opts)

    if SHARED.exists():
        template_bytes = SHARED.read_bytes()
        links = yaml.safe_load(LINKS_FILE.read_text(encoding="utf-8"))["links"]
        source = f"shared template {SHARED.name}"
    else:
        template_bytes, links, source = ct01_template(), CT01_LINKS, "CT01-like template built in code"
    template = DocxTemplate(template_bytes)
    filled, report = fill_docx(template, form, CT01_DATA, links=links)
    assert not report.skipped, report.skipped

    results: list[tuple[str, float, str]] = []
    html_ms = median_ms(lambda: render_form(form, prefill=prefill, options=opts), runs)
    results.append(("render prefilled CT01 page (html)", html_ms, "target <= 0.5 ms"))
    results.append(("render CT01 print view", median_ms(lambda: render_print(form, prefill.data), runs), ""))
    fill_ms = median_ms(lambda: fill_docx(template, form, CT01_DATA, links=links), runs)
    results.append(("fill CT01 Word template (eformkit)", fill_ms, "target <= 3 ms"))

    docxtpl_ms = None
    try:
        from docxtpl import DocxTemplate as Tpl
    except ImportError:
        print("docxtpl is not installed: the side-by-side line is skipped")
    else:
        tagged, context = tagged_copy(template, links, form)

        def with_docxtpl() -> bytes:
            tpl = Tpl(io.BytesIO(tagged))
            tpl.render(context)
            out = io.BytesIO()
            tpl.save(out)
            return out.getvalue()

        check = zipfile.ZipFile(io.BytesIO(with_docxtpl())).read("word/document.xml").decode("utf-8")
        assert CT01_DATA["full_name"] in check and "Trần Minh Châu" in check, "docxtpl output lacks the values"
        docxtpl_ms = median_ms(with_docxtpl, max(runs // 4, 30), warmup=5)
        results.append(("fill the same template with docxtpl", docxtpl_ms, ""))

    print(f"bench_render: median of {runs} runs; template: {source}; page {len(page) // 1024} KiB, "
          f"Word file {len(filled) // 1024} KiB")  # fmt: skip
    for name, ms, note in results:
        print(f"  {name:<42} {ms:8.3f} ms  {note}")
    if docxtpl_ms is not None:
        print(f"  docxtpl / eformkit (Word fill)             {docxtpl_ms / fill_ms:8.1f} x")
    met = html_ms <= 0.5 and fill_ms <= 3.0
    print("targets met" if met else "targets NOT met on this run (see the medians above)")


if __name__ == "__main__":
    main()
