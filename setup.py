"""Two small C extensions for the validation fast path, both optional: without a C compiler the install
still succeeds and the same checks run as a jsonschema-rs pattern and as Python (slower, same verdicts).
- eformkit/schema/_already_clean.c: the submission's text is already clean (NFC, no blanks);
- eformkit/packs/vn/_id_agreement.c: a personal ID agrees with its holder's date of birth and sex.
Everything else is configured in pyproject.toml.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("eformkit.schema._already_clean", ["eformkit/schema/_already_clean.c"], optional=True),
        Extension("eformkit.packs.vn._id_agreement", ["eformkit/packs/vn/_id_agreement.c"], optional=True),
    ]
)
