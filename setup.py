"""The one C extension: the validation fast path's text check (eformkit/schema/_already_clean.c).

It is optional: without a C compiler the install still succeeds and the fast path checks text with a
jsonschema-rs pattern instead (slower, same verdicts). Everything else is configured in pyproject.toml.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("eformkit.schema._already_clean", ["eformkit/schema/_already_clean.c"], optional=True),
    ]
)
