"""The Jinja2 environment: autoescaping, strict undefined, package templates under user overrides.

A portal overrides any template (``form.html``, ``_macros.html``, ``print.html``, ``base.html``) by
putting a file of the same name in one of its own directories; those are searched first.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import jinja2

from eformkit.render.texts import UI

__all__ = ["STATIC_DIR", "environment", "make_environment"]

STATIC_DIR = Path(__file__).parent / "templates" / "static"
_ENVS: dict[tuple[str, ...], jinja2.Environment] = {}
_LOCK = threading.Lock()


def _t(key: str, lang: str) -> str:
    pair = UI[key]
    return pair[1] if lang == "en" else pair[0]


def make_environment(override_dirs: Sequence[str | Path] = ()) -> jinja2.Environment:
    """A fresh environment whose loader searches `override_dirs` first, then the package templates."""
    loaders: list[jinja2.BaseLoader] = (
        [jinja2.FileSystemLoader([str(d) for d in override_dirs])] if override_dirs else []
    )
    loaders.append(jinja2.PackageLoader("eformkit.render", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=400,
    )
    env.globals["t"] = _t
    return env


def environment(override_dirs: Sequence[str | Path] = ()) -> jinja2.Environment:
    """The shared environment for `override_dirs` (built once; compiled templates stay cached)."""
    key = tuple(str(Path(d).resolve()) for d in override_dirs)
    env = _ENVS.get(key)
    if env is None:
        with _LOCK:
            env = _ENVS.get(key)
            if env is None:
                env = _ENVS[key] = make_environment(override_dirs)
    return env
