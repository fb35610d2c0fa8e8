"""Rendering: HTML e-forms, print views, filled Word templates, and posted forms back to JSON.

from eformkit.render import render_form, parse_envelope, render_print, fill_docx, word_file
"""

from eformkit.render.docx_fill import DocxTemplate, FillReport, fill_docx, links_from_form
from eformkit.render.docx_generate import generate_docx
from eformkit.render.environment import environment, make_environment
from eformkit.render.form_post import Envelope, apply_action, parse_envelope, parse_form_post
from eformkit.render.html_form import Account, RenderOptions, render_form
from eformkit.render.outputs import WordFile, find_template, word_file
from eformkit.render.print_view import render_print
from eformkit.render.state import IssueLike, PrefillLike

__all__ = [
    "Account",
    "DocxTemplate",
    "Envelope",
    "FillReport",
    "IssueLike",
    "PrefillLike",
    "RenderOptions",
    "WordFile",
    "apply_action",
    "environment",
    "fill_docx",
    "find_template",
    "generate_docx",
    "links_from_form",
    "make_environment",
    "parse_envelope",
    "parse_form_post",
    "render_form",
    "render_print",
    "word_file",
]
