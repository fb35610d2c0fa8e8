"""Headless Chromium (Debian's /usr/bin/chromium) driving the demo portal on 127.0.0.1."""

from __future__ import annotations

import shutil
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
ARTIFACTS = ROOT / "tests" / "_artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "render"))
sys.path.insert(0, str(ROOT / "tests" / "portal"))

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module: the sync API runs an event loop on this thread while it is open,
    so it is closed before other packages' tests (which start their own loops) run."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The portal with a CT01 Word template built in code and linked by a links file."""
    if not (ROOT / "forms" / "vn.bca.ct01.yaml").exists():
        pytest.skip("the catalogue is not in this checkout")
    pytest.importorskip("uvicorn")
    from docx_builder import CT01_LINKS, ct01_template

    from eformkit.portal.app import create_app

    templates = tmp_path_factory.mktemp("templates")
    (templates / "ct01-test.docx").write_bytes(ct01_template())
    links = {"form": "vn.bca.ct01", "template": "ct01-test.docx", "links": CT01_LINKS}
    (templates / "vn.bca.ct01.links.yaml").write_text(yaml.safe_dump(links, allow_unicode=True), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        store = tmp_path_factory.mktemp("portal") / "portal.sqlite"
        app = create_app(template_dirs=[templates], key=b"browser-test-key" * 2, store=store)
    with serving(app) as url:
        yield url


@pytest.fixture(scope="session")
def loopback() -> Any:
    """`serving`, for test modules that start a server of their own."""
    return serving


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """`app` served by uvicorn on a free loopback port, in a thread, for as long as the block runs."""
    import uvicorn
    from loopback import free_port, running

    port = free_port()
    with running(uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
