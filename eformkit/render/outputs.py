"""The Word file of a submission: the form's own template when one is linked, else a generated one.

A template is linked by a links file ``<form id>.links.yaml`` (``template: FILE``, ``links: {pointer:
anchor}``) in a template folder, or by the anchors in the form itself (converter drafts) plus
``<form id>.docx`` beside them. Template folders: those given, then ``$EFORMKIT_TEMPLATE_DIRS``
(separated by the OS path separator), then the links shipped with the catalogue (`SHIPPED_LINKS`).

When no template can be used, `word_file` still makes a generated document and says why in
`WordFile.missing` (a coded `TemplateMiss`): callers warn, or refuse (`render --to docx --require-template`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from eformkit.render.docx_fill import DocxTemplate, FillReport, fill_docx, links_from_form
from eformkit.render.docx_generate import generate_docx
from eformkit.render.view import UISchemaSource

__all__ = [
    "TEMPLATE_DIRS_ENV",
    "LinkedTemplate",
    "TemplateMiss",
    "WordFile",
    "find_template",
    "lookup_template",
    "template_dirs",
    "word_file",
]

TEMPLATE_DIRS_ENV = "EFORMKIT_TEMPLATE_DIRS"


@dataclass(frozen=True, slots=True)
class LinkedTemplate:
    template: DocxTemplate
    links: Mapping[str, Mapping[str, Any]]
    source: str  # the template file name (no folder: folders may be private)


@dataclass(frozen=True, slots=True)
class TemplateMiss:
    """Why a form's own template cannot be used (file names only: folders may be private).

    Codes: EFK-DOCX-001 no template folder; EFK-DOCX-002 no links file (nor converter anchors with
    ``<form id>.docx``) for the form; EFK-DOCX-003 the links file names a template found in no folder;
    EFK-DOCX-004 the links file cannot be read (bad YAML, no ``links`` mapping).
    """

    code: str
    message_en: str
    message_vi: str

    def message(self, lang: str = "en") -> str:
        return f"{self.code}: {self.message_vi if lang == 'vi' else self.message_en}"


@dataclass(frozen=True, slots=True)
class WordFile:
    """The .docx bytes; `filled` is True when it is the form's own template, else `missing` says why not."""

    data: bytes
    filename: str
    filled: bool
    report: FillReport | None = None
    missing: TemplateMiss | None = None


# The links files of the shipped catalogue's forms (the templates themselves are not shipped): searched
# last, so a folder holding only the .docx files is enough.
SHIPPED_LINKS = Path(__file__).resolve().parents[1] / "portal" / "word"


def template_dirs(extra: Sequence[str | Path] = ()) -> list[Path]:
    """The folders searched for templates: `extra`, ``$EFORMKIT_TEMPLATE_DIRS``, then the shipped links."""
    dirs = [Path(d) for d in extra]
    env = os.environ.get(TEMPLATE_DIRS_ENV, "")
    dirs.extend(Path(d) for d in env.split(os.pathsep) if d)
    found = [d for d in dirs if d.is_dir()]
    return [*found, SHIPPED_LINKS] if found and SHIPPED_LINKS.is_dir() else found


def _first(dirs: Sequence[Path], name: str) -> Path | None:
    if not name or Path(name).name != name:  # a bare file name only: no paths out of the folders
        return None
    return next((d / name for d in dirs if (d / name).is_file()), None)


def lookup_template(form: UISchemaSource, dirs: Sequence[str | Path] = ()) -> LinkedTemplate | TemplateMiss:
    """The linked template of `form`, or why there is none."""
    folders = template_dirs(dirs)
    if not folders:
        return TemplateMiss(
            "EFK-DOCX-001",
            f"no template folder (--templates DIR or ${TEMPLATE_DIRS_ENV})",
            f"chưa có thư mục mẫu Word (--templates DIR hoặc ${TEMPLATE_DIRS_ENV})",
        )
    links_name = f"{form.id}.links.yaml"
    links_file = _first(folders, links_name)
    if links_file is not None:
        try:
            spec = yaml.safe_load(links_file.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{links_name}:{mark.line + 1}:{mark.column + 1}" if mark is not None else links_name
            return TemplateMiss("EFK-DOCX-004", f"{where}: cannot be read ({type(exc).__name__})",
                                f"{where}: không đọc được ({type(exc).__name__})")  # fmt: skip
        links = spec.get("links") if isinstance(spec, dict) else None
        name = str(spec.get("template", "")) if isinstance(spec, dict) else ""
        if not isinstance(links, dict):
            return TemplateMiss("EFK-DOCX-004", f"{links_name}: no 'links' mapping", f"{links_name}: thiếu mục 'links'")
        docx = _first([links_file.parent, *folders], name)
        if docx is None:
            return TemplateMiss(
                "EFK-DOCX-003",
                f"{links_name} names the template '{name}', which is in none of the {len(folders)} template folder(s)",
                f"{links_name} dùng mẫu '{name}', không có trong {len(folders)} thư mục mẫu",
            )
        return LinkedTemplate(DocxTemplate.load(docx), links, docx.name)
    anchors = links_from_form(form)
    docx = _first(folders, f"{form.id}.docx")
    if anchors and docx is not None:
        return LinkedTemplate(DocxTemplate.load(docx), anchors, docx.name)
    return TemplateMiss(
        "EFK-DOCX-002",
        f"no {links_name} (nor anchors in the form with {form.id}.docx) in the {len(folders)} template folder(s)",
        f"không có {links_name} (hay neo trong biểu mẫu cùng {form.id}.docx) trong {len(folders)} thư mục mẫu",
    )


def find_template(form: UISchemaSource, dirs: Sequence[str | Path] = ()) -> LinkedTemplate | None:
    """The linked template of `form`, or None (`lookup_template` says why)."""
    found = lookup_template(form, dirs)
    return found if isinstance(found, LinkedTemplate) else None


def word_file(
    form: UISchemaSource, data: Mapping[str, Any], *, lang: str = "vi", dirs: Sequence[str | Path] = ()
) -> WordFile:
    """The filled template when the form has one, else a generated document (`missing` says why)."""
    linked = lookup_template(form, dirs)
    name = form.id.replace(".", "-")
    if isinstance(linked, LinkedTemplate):
        out, report = fill_docx(linked.template, form, data, links=linked.links, lang=lang)
        return WordFile(out, f"{name}.docx", True, report)
    return WordFile(generate_docx(form, data, lang), f"{name}.docx", False, missing=linked)
