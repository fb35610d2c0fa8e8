"""Paper template converter: Word, HTML and text templates to draft e-form definitions.

result = convert_template("CT01.docx")   # ConversionResult: .yaml_text, .fields, .report
convert_folder("templates/", "drafts/", jobs=2)   # BatchResult: .rows, .to_json(), .to_csv()
"""

from __future__ import annotations

from eformkit.schema.convert.batch import BatchResult, convert_folder
from eformkit.schema.convert.errors import ConversionError
from eformkit.schema.convert.naming import THRESHOLD, LabelMatch, field_id, match_label
from eformkit.schema.convert.pipeline import ConversionReport, ConversionResult, convert_document, convert_template

__all__ = [
    "THRESHOLD",
    "BatchResult",
    "ConversionError",
    "ConversionReport",
    "ConversionResult",
    "LabelMatch",
    "convert_document",
    "convert_folder",
    "convert_template",
    "field_id",
    "match_label",
]
