"""The eformkit demo portal: pick a demo citizen, open a prefilled form, submit, get the Word file.

Needs the `demo` extra (`pip install "eformkit[demo]"`); run it with `eformkit serve`. Nothing in the rest of
the library imports this package."""
