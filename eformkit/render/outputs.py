"""The Word file of a submission: the form's own template when one is linked, else a generated one.

A template is linked by a links file ``<form id>.links.yaml`` (``template: FILE``, ``links: {pointer:
anchor}``) in a template folder, or by the anchors in the form itself (converter drafts) plus
``<form id>.docx`` beside them. Template folders: those given, then ``$EFORMKIT_TEMPLATE_DIRS``
(separated by the OS path separator).
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

__all__ = ["TEMPLATE_DIRS_ENV", "LinkedTemplate", "WordFile", "find_template", "template_dirs", "word_file"]

TEMPLATE_DIRS_ENV = "EFORMKIT_TEMPLATE_DIRS"


@dataclass(frozen=True, slots=True)
class LinkedTemplate:
    template: DocxTemplate
    links: Mapping[str, Mapping[str, Any]]
    source: str  # the template file name (no folder: folders may be private)


@dataclass(frozen=True, slots=True)
class WordFile:
    """The .docx bytes; `filled` is True when it is the form's own template."""

    data: bytes
    filename: str
    filled: bool
    report: FillReport | None = None


def template_dirs(extra: Sequence[str | Path] = ()) -> list[Path]:
    """The folders searched for templates: `extra`, then ``$EFORMKIT_TEMPLATE_DIRS``."""
    dirs = [Path(d) for d in extra]
    env = os.environ.get(TEMPLATE_DIRS_ENV, "")
    dirs.extend(Path(d) for d in env.split(os.pathsep) if d)
    return [d for d in dirs if d.is_dir()]


def _first(dirs: Sequence[Path], name: str) -> Path | None:
    if not name or Path(name).name != name:  # a bare file name only: no paths out of the folders
        return None
    return next((d / name for d in dirs if (d / name).is_file()), None)


def find_template(form: UISchemaSource, dirs: Sequence[str | Path] = ()) -> LinkedTemplate | None:
    """The linked template of `form`, or None."""
    folders = template_dirs(dirs)
    links_file = _first(folders, f"{form.id}.links.yaml")
    if links_file is not None:
        spec = yaml.safe_load(links_file.read_text(encoding="utf-8")) or {}
        docx = _first([links_file.parent, *folders], str(spec.get("template", "")))
        links = spec.get("links")
        if docx is not None and isinstance(links, dict):
            return LinkedTemplate(DocxTemplate.load(docx), links, docx.name)
    anchors = links_from_form(form)
    docx = _first(folders, f"{form.id}.docx")
    if anchors and docx is not None:
        return LinkedTemplate(DocxTemplate.load(docx), anchors, docx.name)
    return None


def word_file(
    form: UISchemaSource, data: Mapping[str, Any], *, lang: str = "vi", dirs: Sequence[str | Path] = ()
) -> WordFile:
    """The filled template when the form has one, else a generated document."""
    linked = find_template(form, dirs)
    name = form.id.replace(".", "-")
    if linked is not None:
        out, report = fill_docx(linked.template, form, data, links=linked.links, lang=lang)
        return WordFile(out, f"{name}.docx", True, report)
    return WordFile(generate_docx(form, data, lang), f"{name}.docx", False)
