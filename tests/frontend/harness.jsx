// Renders one eformkit form with RJSF or JSON Forms, as a portal team would (see docs/frontend.md).
// window.EFORM = {schema, ui, data, lib: "rjsf" | "jsonforms", keywords: [x- keyword names], formId} is
// rendered on load; window.eformMount(config) renders another form in the same page (a form mounted before
// may leave out its schema and keywords: they are kept by formId). The test reads window.__result:
// {lib, submitted: bool, ok: bool, errors: [{path, message}], data}, and window.__current: the data as it
// stands, hidden values dropped. Built by tests/frontend/test_renderers.py
// with esbuild.
import React, { createContext, useCallback, useContext, useMemo, useState } from "react";
import { createRoot } from "react-dom/client";
import Form from "@rjsf/core";
import { customizeValidator } from "@rjsf/validator-ajv8";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { JsonForms } from "@jsonforms/react";
import { vanillaCells, vanillaRenderers } from "@jsonforms/vanilla-renderers";

// ---- conditions: each visibility rule is a JSON Schema over the whole submission ---------------------

const conditionAjv = new Ajv2020({ strict: false, allErrors: false });
const compiledConditions = new Map();

function holds(condition, data) {
  const key = JSON.stringify(condition);
  let check = compiledConditions.get(key);
  if (!check) {
    check = conditionAjv.compile(condition);
    compiledConditions.set(key, check);
  }
  return check(data ?? {});
}

// Drop the values of hidden fields (the form's `drop` policy), until no rule changes: a field shown by a
// value that is itself hidden goes too. Returns `data` itself when nothing is hidden.
function dropHidden(rules, data) {
  let out = data;
  for (let changed = true; changed; ) {
    changed = false;
    for (const { path, condition } of rules) {
      const parent = path.slice(0, -1).reduce((node, key) => (node == null ? node : node[key]), out);
      const last = path[path.length - 1];
      if (parent && typeof parent === "object" && last in parent && !holds(condition, out)) {
        if (out === data) out = structuredClone(data);
        delete path.slice(0, -1).reduce((node, key) => node[key], out)[last];
        // a block left empty by it (an address whose parts were all hidden) is no answer either
        for (let depth = path.length - 1; depth > 0; depth -= 1) {
          const holder = path.slice(0, depth - 1).reduce((node, key) => node[key], out);
          const block = holder[path[depth - 1]];
          if (block && typeof block === "object" && !Array.isArray(block) && Object.keys(block).length === 0) {
            delete holder[path[depth - 1]];
          } else break;
        }
        changed = true;
      }
    }
  }
  return out;
}

// A verified prefill is locked (`locked` in the UI schemas): the server refuses a change. Read-only once
// it holds a value; a field the prefill left empty is the citizen's to answer.
const answered = (value) => value !== undefined && value !== null && value !== "";
const at = (data, path) => path.reduce((node, key) => (node == null ? node : node[key]), data);

// ---- RJSF --------------------------------------------------------------------------------------------

// The rules of an RJSF uiSchema from eformkit (`ui:options.visibleIf` on fields, `visibleIf` on root
// sections): [{path, condition}]. Table rows carry none.
function rjsfRules(ui) {
  const rules = [];
  for (const section of ui["ui:options"]?.sections ?? []) {
    if (section.visibleIf) for (const id of section.fields) rules.push({ path: [id], condition: section.visibleIf });
  }
  const walk = (node, path) => {
    const condition = node?.["ui:options"]?.visibleIf;
    if (condition) rules.push({ path, condition });
    for (const [key, child] of Object.entries(node ?? {})) {
      if (!key.startsWith("ui:") && key !== "items" && child && typeof child === "object") walk(child, [...path, key]);
    }
  };
  for (const [key, child] of Object.entries(ui)) if (!key.startsWith("ui:")) walk(child, [key]);
  return rules;
}

function lockRjsf(node, data) {
  const out = { ...node };
  if (node["ui:options"]?.locked && answered(data)) out["ui:readonly"] = true;
  for (const [key, child] of Object.entries(node)) {
    if (!key.startsWith("ui:") && key !== "items" && child && typeof child === "object") {
      out[key] = lockRjsf(child, data?.[key]);
    }
  }
  return out;
}

const RootData = createContext({});

// Groups the root into the paper's sections and leaves out every field (or section) whose condition does
// not hold for the current submission.
function ObjectFieldTemplate(props) {
  const root = useContext(RootData);
  const { properties, uiSchema, title, description, fieldPathId } = props;
  const shown = (prop) => {
    const condition = uiSchema?.[prop.name]?.["ui:options"]?.visibleIf;
    return !prop.hidden && (!condition || holds(condition, root));
  };
  const byName = new Map(properties.map((p) => [p.name, p]));
  const sections = uiSchema?.["ui:options"]?.sections;
  if (sections) {
    return (
      <div id={fieldPathId.$id}>
        {sections.map((s) =>
          s.visibleIf && !holds(s.visibleIf, root) ? null : (
            <fieldset key={s.id} className="section" id={`section-${s.id}`}>
              <legend>{s.title}</legend>
              {s.fields.map((name) => byName.get(name)).filter((p) => p && shown(p)).map((p) => p.content)}
            </fieldset>
          ),
        )}
      </div>
    );
  }
  return (
    <fieldset id={fieldPathId.$id}>
      {title ? <legend>{title}</legend> : null}
      {description ? <p className="field-description">{description}</p> : null}
      {properties.filter(shown).map((p) => p.content)}
    </fieldset>
  );
}

// No `{}` for an optional block the citizen has not touched and no const filled in by itself: the server
// reads `{}` of a person block as a block with its required parts missing.
const DEFAULTS = { emptyObjectFields: "skipEmptyDefaults", constAsDefaults: "never" };

function RjsfForm({ form, ui, data }) {
  const { schema, keywords } = form;
  form.rjsfValidator ??= customizeValidator({ AjvClass: Ajv2020, ajvOptionsOverrides: { keywords } });
  const validator = form.rjsfValidator;
  const rules = useMemo(() => rjsfRules(ui), [ui]);
  const [formData, setFormData] = useState(() => dropHidden(rules, data));
  const uiSchema = useMemo(() => lockRjsf(ui, data), [ui, data]);
  const onChange = useCallback((e) => setFormData(dropHidden(rules, e.formData)), [rules]);
  window.__current = formData;
  return (
    <RootData.Provider value={formData}>
      <Form
        schema={schema}
        uiSchema={uiSchema}
        formData={formData}
        validator={validator}
        templates={{ ObjectFieldTemplate }}
        noHtml5Validate
        experimental_defaultFormStateBehavior={DEFAULTS}
        omitExtraData
        liveOmit
        onChange={onChange}
        onSubmit={(e) => {
          window.__result = { lib: "rjsf", submitted: true, ok: true, errors: [], data: dropHidden(rules, e.formData) };
        }}
        onError={(errors) => {
          window.__result = {
            lib: "rjsf",
            submitted: true,
            ok: false,
            errors: errors.map((e) => ({ path: e.property, message: e.message })),
            data: formData,
          };
        }}
      />
    </RootData.Provider>
  );
}

// ---- JSON Forms --------------------------------------------------------------------------------------

const scopePath = (scope) => scope.replace(/^#\/?/, "").split("/").filter((p, i) => i % 2 === 1)
  .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));

// Every SHOW rule of a JSON Forms UISchema, applied to each Control it covers (not into table rows).
function jsonformsRules(element, inherited = [], rules = []) {
  const own = element.rule?.effect === "SHOW" ? [...inherited, element.rule.condition.schema] : inherited;
  if (element.type === "Control") {
    if (own.length) rules.push({ path: scopePath(element.scope), condition: own.length === 1 ? own[0] : { allOf: own } });
  }
  for (const child of element.elements ?? []) jsonformsRules(child, own, rules);
  return rules;
}

function lockJsonForms(element, data) {
  const out = { ...element };
  if (element.type === "Control" && element.options?.locked && answered(at(data, scopePath(element.scope)))) {
    out.options = { ...element.options, readonly: true };
  }
  if (element.elements) out.elements = element.elements.map((child) => lockJsonForms(child, data));
  return out;
}

function JsonFormsForm({ form, ui, data }) {
  const { schema, keywords } = form;
  if (!form.jsonformsAjv) {
    // as JSON Forms' own createAjv, but 2020-12: allErrors and verbose for located messages
    form.jsonformsAjv = new Ajv2020({ allErrors: true, verbose: true, strict: false, addUsedSchema: false, keywords });
    addFormats(form.jsonformsAjv);
  }
  const ajv = form.jsonformsAjv;
  const rules = useMemo(() => jsonformsRules(ui), [ui]);
  const uischema = useMemo(() => lockJsonForms(ui, data), [ui, data]);
  const [state, setState] = useState(() => ({ data: dropHidden(rules, data), errors: [] }));
  const [mode, setMode] = useState("ValidateAndHide");
  const onChange = useCallback(
    ({ data: next, errors }) => {
      const kept = dropHidden(rules, next);
      setState((old) => (old.data === kept && old.errors === errors ? old : { data: kept, errors }));
    },
    [rules],
  );
  window.__current = state.data;
  const submit = (event) => {
    event.preventDefault();
    setMode("ValidateAndShow");
    const errors = state.errors ?? [];
    window.__result = {
      lib: "jsonforms",
      submitted: true,
      ok: errors.length === 0,
      errors: errors.map((e) => ({ path: e.instancePath, message: e.message, keyword: e.keyword, params: e.params })),
      data: state.data,
    };
  };
  return (
    <form onSubmit={submit} noValidate>
      <JsonForms
        schema={schema}
        uischema={uischema}
        data={state.data}
        renderers={vanillaRenderers}
        cells={vanillaCells}
        ajv={ajv}
        validationMode={mode}
        onChange={onChange}
      />
      <button type="submit" className="btn btn-info">Submit</button>
    </form>
  );
}

// ---- mounting ----------------------------------------------------------------------------------------

let root = null;
let generation = 0;
// One schema object and one validator per form, kept across mounts: both libraries cache compiled
// schemas by the schema object or its $id, so a form compiles once per page.
const forms = new Map();

window.eformMount = (config) => {
  const key = config.formId ?? config.schema.$id;
  if (config.schema || !forms.has(key)) forms.set(key, { schema: config.schema, keywords: config.keywords ?? [] });
  window.__result = { lib: config.lib, submitted: false };
  const container = document.getElementById("root");
  if (root) root.unmount();
  root = createRoot(container);
  generation += 1;
  const Component = config.lib === "rjsf" ? RjsfForm : JsonFormsForm;
  root.render(<Component key={generation} form={forms.get(key)} ui={config.ui} data={config.data} />);
};

if (window.EFORM) window.eformMount(window.EFORM);
