"""The form catalogue shipped with eformkit: `forms/` in a source checkout, `eformkit/forms/` in a wheel.

pyproject.toml maps the package `eformkit.forms` onto the top-level `forms/` folder, so the wheel carries
the catalogue inside the package without a copy or a link in the repository. An editable install runs
from the checkout, where the folder is `forms/` beside the package. Kept free of heavy imports: the CLI
resolves form arguments with it before it loads anything else.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["catalogue_dir", "shipped_form"]

_HERE = Path(__file__).resolve().parent


def catalogue_dir() -> Path | None:
    """The folder of the shipped catalogue, or None when this install has none."""
    if (_HERE / "forms").is_dir():  # a wheel
        return _HERE / "forms"
    if (_HERE.parent / "pyproject.toml").is_file() and (_HERE.parent / "forms").is_dir():  # a checkout
        return _HERE.parent / "forms"
    return None


def shipped_form(form_id: str) -> Path | None:
    """The shipped definition of `form_id` ("vn.bca.ct01"), or None."""
    folder = catalogue_dir()
    if folder is None or not form_id or "/" in form_id or "\\" in form_id or form_id.startswith("."):
        return None
    path = folder / f"{form_id}.yaml"
    return path if path.is_file() else None
