"""Every catalogue form rendered by RJSF (@rjsf/core, validator-ajv8 with Ajv2020) and by JSON Forms
(@jsonforms/react, vanilla renderers, an Ajv2020) in headless Chromium, from `form.json_schema("vi")` and the
exported UI schemas (eformkit/schema/ui_adapters.py):
- no JS error or warning; a screenshot per form and library in tests/_artifacts/renderers/;
- every choice shows its title, never a code that has another title; each answered choice shows the
  title of its value;
- the fixture's valid-1.json (and every other valid fixture but valid-2.json: hidden fields, a hidden
  table) is accepted by the library with no error on screen, and what the library submits is accepted by
  `form.validate`; invalid-missing-required.json is refused with the error next to the field it names;
- conditional fields (from the UI schema's own rules) are hidden until their condition holds, through the
  widgets, and their values are dropped while hidden.

tests/frontend/harness.jsx is built once with esbuild from tests/frontend/node_modules (`npm ci` there;
.ci/run does it). Without node, those packages or Chromium, these tests skip. Nothing is fetched from the
network: the page is a local file and every other request is refused and reported.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from eformkit import Form, load_form
from eformkit.schema.client_schema import x_keywords
from eformkit.schema.ui_adapters import jsonforms_ui_schema, rjsf_ui_schema

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "tests" / "frontend"
ESBUILD = FRONTEND / "node_modules" / ".bin" / "esbuild"
SUBMISSIONS = ROOT / "tests" / "fixtures" / "submissions"
FORMS = sorted(p.stem for p in (ROOT / "forms").glob("*.yaml"))
LIBS = ("rjsf", "jsonforms")
LANG = "vi"
FALSY = [False, None, "", 0, [], {}]


@cache
def _form(form_id: str) -> Form:
    return load_form(ROOT / "forms" / f"{form_id}.yaml")


@cache
def _schema(form_id: str) -> dict[str, Any]:
    """The published schema (read-only here: one copy per form)."""
    return _form(form_id).json_schema(LANG)


@cache
def _ui(form_id: str, lib: str) -> dict[str, Any]:
    form = _form(form_id)
    return rjsf_ui_schema(form, LANG) if lib == "rjsf" else jsonforms_ui_schema(form, LANG)


def _fixture(form_id: str, name: str) -> Any:
    return json.loads((SUBMISSIONS / form_id / name).read_text("utf-8"))


@pytest.fixture(scope="session")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The harness bundle and its page, built once per session into a temporary folder."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    if not ESBUILD.exists():
        pytest.skip("the renderer packages are not installed (cd tests/frontend && npm ci)")
    out = tmp_path_factory.mktemp("renderers")
    build = subprocess.run(
        [str(ESBUILD), "harness.jsx", "--bundle", "--format=iife", "--jsx=automatic", "--minify",
         '--define:process.env.NODE_ENV="production"', f"--outfile={out / 'harness.js'}", "--log-level=warning"],
        cwd=FRONTEND, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    page = out / "index.html"
    page.write_text('<!doctype html><html lang="vi"><meta charset="utf-8"><title>eformkit renderers</title>'
                    '<div id="root"></div><script src="harness.js"></script>', encoding="utf-8")  # fmt: skip
    return page


class Stage:
    """One page, reused: each form is mounted into it by `window.eformMount`."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        self.sent: set[str] = set()  # forms whose schema the page holds
        page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(f"{m.type}: {m.text}"))

    def mount(self, form_id: str, lib: str, data: Any) -> None:
        self.problems.clear()
        config = {"formId": form_id, "ui": _ui(form_id, lib), "data": data, "lib": lib}
        if form_id not in self.sent:
            config |= {"schema": _schema(form_id), "keywords": sorted(x_keywords())}
            self.sent.add(form_id)
        self.page.evaluate("config => window.eformMount(config)", config)
        self.page.wait_for_selector("button[type=submit]")

    def submit(self) -> dict[str, Any]:
        self.page.click("button[type=submit]")
        self.page.wait_for_function("window.__result.submitted")
        result: dict[str, Any] = self.page.evaluate("window.__result")
        return result

    def js(self, function: str, *args: Any) -> Any:
        return self.page.evaluate(f"(args) => ({function})(...args)", [*args])

    def wait_js(self, function: str, *args: Any) -> bool:
        """Whether `function` comes true within 5 s (a library may draw errors a render after submitting)."""
        try:
            self.page.wait_for_function(f"(args) => ({function})(...args)", arg=[*args], timeout=5000)
        except Exception:  # playwright's TimeoutError
            return False
        return True


@pytest.fixture(scope="module")
def stage(browser: Any, harness: Path) -> Iterator[Stage]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    stage = Stage(page)

    def local_only(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            stage.problems.append(f"network request refused: {route.request.url}")
            route.abort()

    context.route("**/*", local_only)
    page.goto(harness.as_uri())
    page.wait_for_function("typeof window.eformMount === 'function'")
    yield stage
    context.close()


# ---- locating a field in each library's DOM -----------------------------------------------------------

# The element of the field at `path` (a list of keys), or null: RJSF ids are root_a_b; JSON Forms puts the
# scope on a control's wrapper (radio groups: on the inputs' name; tables: as a class name), and a compound
# value is a Group of its parts' controls.
LOCATE = """(lib, path) => {
  if (lib === "rjsf") return document.getElementById(["root", ...path].join("_"));
  const scope = "#" + path.map((p) => "/properties/" + p).join("");
  const exact = document.getElementById(scope);
  if (exact) return exact;
  const radio = document.querySelector(`input[name="${CSS.escape(scope)}"]`);
  if (radio) return radio.closest(".control");
  const part = document.querySelector(`[id^="${CSS.escape(scope + "/")}"]`);
  if (part) return part.closest("fieldset");
  return document.querySelector(`.control.${CSS.escape(scope.replace("#", "root").replaceAll("/", "_"))}`);
}"""

SHOWN = f"""(lib, path) => {{ const el = ({LOCATE})(lib, path); return !!el && el.checkVisibility(); }}"""

# What a choice field shows as its answer: the selected option's label or the checked radio's label.
SELECTED = f"""(lib, path) => {{
  const el = ({LOCATE})(lib, path);
  if (!el) return null;
  const select = el.tagName === "SELECT" ? el : el.querySelector("select");
  if (select) return select.selectedIndex < 0 ? null : select.options[select.selectedIndex].label.trim();
  const radio = el.querySelector("input[type=radio]:checked");
  if (!radio) return null;
  const label = radio.closest("label") ?? radio.parentElement.querySelector("label");
  return label ? label.innerText.trim() : null;
}}"""

# Every choice text on the page: options of selects and labels of radios.
CHOICE_TEXTS = """() => [
  ...[...document.querySelectorAll("select option")].filter((o) => o.value !== "").map((o) => o.label.trim()),
  ...[...document.querySelectorAll("input[type=radio]")].map((r) => {
    const label = r.closest("label") ?? r.parentElement.querySelector("label");
    return label ? label.innerText.trim() : "";
  }),
].filter((t) => t)"""

# Choose `title` in the choice field at `path` (radio: click its input, as a user would by its label).
PICK_RADIO = f"""(lib, path, title) => {{
  const el = ({LOCATE})(lib, path);
  for (const r of el.querySelectorAll("input[type=radio]")) {{
    const label = r.closest("label") ?? r.parentElement.querySelector("label");
    if (label && label.innerText.trim() === title) {{ r.click(); return true; }}
  }}
  return false;
}}"""

# The error messages shown anywhere on the page.
SHOWN_ERRORS = """(lib) => [
  ...document.querySelectorAll(lib === "rjsf" ? ".error-detail, .errors" : ".validation_error"),
].map((e) => e.innerText.trim()).filter((t) => t)"""

# Whether the field's widget cannot be changed (a locked prefill: disabled, or read-only text).
READ_ONLY = f"""(lib, path) => {{
  const el = ({LOCATE})(lib, path);
  const fixed = "input:disabled, select:disabled, textarea:disabled, input[readonly], textarea[readonly]";
  return !!el && (el.disabled === true || el.readOnly === true || !!el.querySelector(fixed));
}}"""

# Whether the data as it stands holds none of the fields at `paths`.
GONE = "(paths) => paths.every((p) => p.reduce((n, k) => (n == null ? n : n[k]), window.__current) == null)"

ERROR_TEXT = f"""(lib, path) => {{
  if (lib === "rjsf") {{
    const el = document.getElementById(["root", ...path].join("_") + "__error");
    return el ? el.innerText.trim() : "";
  }}
  const el = ({LOCATE})(lib, path);
  const shown = el ? el.querySelector(".validation_error") : null;
  return shown ? shown.innerText.trim() : "";
}}"""


def _schema_at(schema: dict[str, Any], path: list[str]) -> dict[str, Any]:
    node = schema
    for key in path:
        node = _deref(schema, node)["properties"][key]
    return _deref(schema, node)


def _deref(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    return {**node, **schema["$defs"][ref.rsplit("/", 1)[-1]]} if ref.startswith("#/$defs/") else node


def _choices(node: dict[str, Any]) -> dict[Any, str]:
    return {o["const"]: o["title"] for o in node.get("oneOf", []) if "const" in o and "title" in o}


def _choice_fields(
    schema: dict[str, Any], node: dict[str, Any], path: list[str]
) -> Iterator[tuple[list[str], dict[Any, str]]]:
    """Every choice outside tables, with its titles."""
    node = _deref(schema, node)
    if _choices(node):
        yield path, _choices(node)
    for key, child in (node.get("properties") or {}).items():
        yield from _choice_fields(schema, child, [*path, key])


def _all_titles(node: Any) -> Iterator[tuple[Any, str]]:
    if isinstance(node, dict):
        yield from _choices(node).items()
        for child in node.values():
            yield from _all_titles(child)
    elif isinstance(node, list):
        for child in node:
            yield from _all_titles(child)


def _value(data: Any, path: list[str]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


# ---- rendering, labels, a valid submission -------------------------------------------------------------


@pytest.mark.parametrize("form_id", FORMS)
@pytest.mark.parametrize("lib", LIBS)
def test_renders_every_choice_by_title_and_accepts_a_valid_submission(
    stage: Stage, artifacts: Path, lib: str, form_id: str
) -> None:
    form = _form(form_id)
    schema = _schema(form_id)
    data = _fixture(form_id, "valid-1.json")
    stage.mount(form_id, lib, data)
    (artifacts / "renderers").mkdir(exist_ok=True)
    stage.page.screenshot(path=str(artifacts / "renderers" / f"{lib}-{form_id}.png"), full_page=True)
    assert stage.problems == []

    pairs = set(_all_titles(schema))
    titles = {title for _, title in pairs}
    codes = {str(code) for code, title in pairs if str(code) != title}
    texts = stage.js(CHOICE_TEXTS)
    assert [t for t in texts if t in codes and t not in titles] == [], "a choice shows its code"
    assert set(texts) <= titles, set(texts) - titles

    answered = 0
    for path, options in _choice_fields(schema, schema, []):
        value = _value(data, path)
        if value in options and stage.js(SHOWN, lib, path):
            assert stage.js(SELECTED, lib, path) == options[value], path
            answered += 1
    assert answered or not any(_value(data, p) is not None for p, _ in _choice_fields(schema, schema, []))

    result = stage.submit()
    assert result["ok"], result["errors"]
    assert stage.js(SHOWN_ERRORS, lib) == []
    assert stage.problems == []
    report = form.validate(result["data"])
    assert report.valid, [(e.pointer, e.code) for e in report.errors]


# Every other valid fixture (hidden fields with values, a hidden table, another branch of a condition).
OTHER_VALID = sorted(
    (p.parent.name, p.name)
    for p in SUBMISSIONS.glob("*/valid-*.json")
    if p.name not in ("valid-1.json", "valid-2.json")
)


@pytest.mark.parametrize(("form_id", "name"), OTHER_VALID)
@pytest.mark.parametrize("lib", LIBS)
def test_other_valid_submissions_are_accepted(stage: Stage, lib: str, form_id: str, name: str) -> None:
    """Among them the household-business form with its members table hidden: its `minItems` holds only
    where the table shows, and the hidden values a fixture carries are dropped before checking."""
    data = _fixture(form_id, name)
    assert _form(form_id).validate(data).valid
    stage.mount(form_id, lib, data)
    result = stage.submit()
    assert result["ok"], result["errors"]
    assert stage.problems == []
    report = _form(form_id).validate(result["data"])
    assert report.valid, [(e.pointer, e.code) for e in report.errors]


# ---- an invalid submission --------------------------------------------------------------------------


@pytest.mark.parametrize("form_id", FORMS)
@pytest.mark.parametrize("lib", LIBS)
def test_an_invalid_submission_shows_the_error_at_its_field(stage: Stage, lib: str, form_id: str) -> None:
    data = _fixture(form_id, "invalid-missing-required.json")
    expected = _fixture(form_id, "invalid-missing-required.expect.json")["errors"]
    assert not _form(form_id).validate(data).valid
    stage.mount(form_id, lib, data)
    result = stage.submit()
    assert not result["ok"]
    assert stage.problems == []
    for error in expected:
        path = error["pointer"].strip("/").split("/")
        assert stage.wait_js(ERROR_TEXT, lib, path), f"no error shown at {error['pointer']}"
        # and the citizen can answer it (a lock on a verified prefill binds only a value the prefill gave)
        assert not stage.js(READ_ONLY, lib, path), f"{error['pointer']} cannot be answered"


# ---- conditional fields ---------------------------------------------------------------------------------


@cache
def _conditions(form_id: str) -> list[tuple[dict[str, Any], list[list[str]]]]:
    """The distinct visibility conditions of the form's RJSF UI schema, each with the fields it shows."""
    ui = _ui(form_id, "rjsf")
    found: dict[str, tuple[dict[str, Any], list[list[str]]]] = {}

    def add(condition: dict[str, Any], path: list[str]) -> None:
        found.setdefault(json.dumps(condition, sort_keys=True), (condition, []))[1].append(path)

    for section in ui["ui:options"]["sections"]:
        if "visibleIf" in section:
            for field_id in section["fields"]:
                add(section["visibleIf"], [field_id])

    def walk(node: dict[str, Any], path: list[str]) -> None:
        condition = node.get("ui:options", {}).get("visibleIf")
        if condition:
            add(condition, path)
        for key, child in node.items():
            if not key.startswith("ui:") and key != "items" and isinstance(child, dict):
                walk(child, [*path, key])

    for key, child in ui.items():
        if not key.startswith("ui:"):
            walk(child, [key])
    return list(found.values())


@cache
def _field_conditions(form_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every condition a field (by its JSON-encoded path) is under."""
    out: dict[str, list[dict[str, Any]]] = {}
    for condition, fields in _conditions(form_id):
        for f in fields:
            out.setdefault(json.dumps(f), []).append(condition)
    return out


def _holds(condition: dict[str, Any], data: Any) -> bool:
    return bool(jsonschema.Draft202012Validator(condition).is_valid(data))


def _controller(condition: dict[str, Any]) -> tuple[list[str], dict[str, Any]] | None:
    """The one value a condition tests (`{properties: {a: {properties: {b: TEST}}}}` -> [a, b], TEST), or
    None for a condition over several values."""
    path: list[str] = []
    node = condition
    while set(node) <= {"type", "properties", "required"} and len(node.get("properties", {})) == 1:
        (key, node), = node["properties"].items()  # fmt: skip
        path.append(key)
    return (path, node) if path and node.keys() & {"const", "enum", "not"} else None


def _set(stage: Stage, lib: str, form_id: str, path: list[str], value: Any) -> None:
    """Answer the field at `path` with `value` through its widget, as a user would; a read-only field (a
    locked prefill, which the citizen cannot change) by mounting the form again with the value."""
    node = _schema_at(_schema(form_id), path)
    options = _choices(node)
    if stage.js(READ_ONLY, lib, path):
        data = stage.page.evaluate("window.__current")
        holder = data
        for key in path[:-1]:
            holder = holder.setdefault(key, {})
        holder[path[-1]] = value
        stage.mount(form_id, lib, data)
    elif options:
        if not stage.js(PICK_RADIO, lib, path, options[value]):
            _locator(stage, lib, path, "select").select_option(label=options[value])
    elif node.get("type") == "boolean":
        _locator(stage, lib, path, "input[type=checkbox]").set_checked(bool(value))
    else:
        _locator(stage, lib, path, "input, textarea").fill(value)
    # JSON Forms reports a change a render later (its onChange runs in an effect): let both settle
    stage.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def _locator(stage: Stage, lib: str, path: list[str], inner: str) -> Any:
    scope = "#" + "".join(f"/properties/{p}" for p in path)
    own = f'[id="{"_".join(["root", *path])}"]' if lib == "rjsf" else f'[id="{scope}"]'
    tag = stage.page.eval_on_selector(own, "e => e.tagName")
    return stage.page.locator(own if tag in ("INPUT", "SELECT", "TEXTAREA") else f"{own} {inner}").first


def _reveal(stage: Stage, lib: str, form_id: str, path: list[str]) -> None:
    """Make the conditions the field at `path` is itself under hold (a controller in a hidden section)."""
    schema = _schema(form_id)
    for condition in _field_conditions(form_id).get(json.dumps(path), []):
        found = _controller(condition)
        if found is not None and not _holds(condition, stage.page.evaluate("window.__current")):
            _reveal(stage, lib, form_id, found[0])
            _set(stage, lib, form_id, found[0], _values(schema, *found)[0])


def _values(schema: dict[str, Any], path: list[str], test: dict[str, Any]) -> tuple[Any, Any]:
    """A value for which `test` holds and one for which it does not."""
    node = _schema_at(schema, path)
    candidates = list(_choices(node)) or ([True, False] if node.get("type") == "boolean" else ["B1234567", ""])
    holds = [v for v in candidates if jsonschema.Draft202012Validator(test).is_valid(v)]
    fails = [v for v in candidates if not jsonschema.Draft202012Validator(test).is_valid(v)]
    assert holds and fails, (path, test)
    return holds[0], fails[0]


CONDITIONAL = [f for f in FORMS if any(_controller(c) for c, _ in _conditions(f))]


@pytest.mark.parametrize("form_id", CONDITIONAL)
@pytest.mark.parametrize("lib", LIBS)
def test_conditional_fields_are_hidden_until_their_condition_holds(stage: Stage, lib: str, form_id: str) -> None:
    schema = _schema(form_id)
    stage.mount(form_id, lib, _fixture(form_id, "valid-1.json"))
    checked = 0
    for condition, fields in _conditions(form_id):
        found = _controller(condition)
        if found is None:
            continue
        controller, test = found
        _reveal(stage, lib, form_id, controller)
        show, hide = _values(schema, controller, test)
        for value in (show, hide, show):  # hidden until the condition holds, then hidden again, then back
            _set(stage, lib, form_id, controller, value)
            current = stage.page.evaluate("window.__current")
            if value == hide:
                assert [f for f in fields if stage.js(SHOWN, lib, f)] == [], (controller, value)
                assert stage.wait_js(GONE, fields), "a hidden value is kept"
            else:  # shown, unless another condition of the field fails (a value dropped while hidden)
                due = [f for f in fields if all(_holds(c, current) for c in _field_conditions(form_id)[json.dumps(f)])]
                assert due and [f for f in due if not stage.js(SHOWN, lib, f)] == [], (controller, value)
        checked += 1
    assert checked
    assert stage.problems == []


def test_the_harness_renders_window_eform_on_load(browser: Any, harness: Path) -> None:
    """The harness's plain entry: a page that sets `window.EFORM` before the bundle loads."""
    config = {"schema": _schema("vn.bca.ct01"), "ui": _ui("vn.bca.ct01", "jsonforms"), "lib": "jsonforms",
              "data": _fixture("vn.bca.ct01", "valid-1.json"), "keywords": sorted(x_keywords())}  # fmt: skip
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(f"window.EFORM = {json.dumps(config)};")
        page.goto(harness.as_uri())
        page.click("button[type=submit]")
        page.wait_for_function("window.__result.submitted")
        assert page.evaluate("window.__result.ok") is True
        assert page.locator('[id="#/properties/full_name-input"]').input_value() == "Nguyễn Thị Hương"
    finally:
        context.close()
