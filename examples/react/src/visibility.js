// Conditional fields. The exported RJSF uiSchema carries each condition as the JSON Schema that the
// whole submission meets when the field (or section) shows: `ui:options.visibleIf` on the field, and
// `visibleIf` on a section of the root's `ui:options.sections`. They are the same subschemas the
// published schema's `if/then` use, so this page, the schema and the server read one condition.

import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

const ajv = new Ajv2020({ strict: true, allErrors: false });
addFormats(ajv);
const compiled = new Map();

function holds(condition, data) {
  const key = JSON.stringify(condition);
  if (!compiled.has(key)) compiled.set(key, ajv.compile(condition));
  return compiled.get(key)(data ?? {});
}

/** Every condition of `uiSchema` as `{pointer, condition}` (sections give one entry per field). */
export function conditions(uiSchema) {
  const out = [];
  for (const section of uiSchema?.["ui:options"]?.sections || []) {
    if (section.visibleIf) {
      for (const id of section.fields) out.push({ pointer: `/${id}`, condition: section.visibleIf });
    }
  }
  (function walk(node, prefix) {
    for (const [key, child] of Object.entries(node || {})) {
      if (key.startsWith("ui:") || key === "items" || typeof child !== "object") continue;
      const pointer = `${prefix}/${key}`;
      const visibleIf = child["ui:options"]?.visibleIf;
      if (visibleIf) out.push({ pointer, condition: visibleIf });
      walk(child, pointer); // person blocks: conditions of their inner fields
    }
  })(uiSchema, "");
  return out;
}

/** The pointers hidden for `data`. */
export function hiddenPointers(rules, data) {
  return new Set(rules.filter(({ condition }) => !holds(condition, data)).map(({ pointer }) => pointer));
}

function without(doc, path) {
  if (doc == null || typeof doc !== "object" || !(path[0] in doc)) return doc;
  const copy = Array.isArray(doc) ? [...doc] : { ...doc };
  if (path.length === 1) delete copy[path[0]];
  else copy[path[0]] = without(copy[path[0]], path.slice(1));
  return copy;
}

/** `data` without the values of hidden fields, to a fixed point (dropping one value may hide
 * another field). Used under the form's `hidden_values: drop` policy, as the server does. */
export function dropHidden(rules, data) {
  let current = data;
  for (let round = 0; round < 20; round += 1) {
    let next = current;
    for (const pointer of hiddenPointers(rules, current)) next = without(next, pointer.slice(1).split("/"));
    if (next === current) return current;
    current = next;
  }
  return current;
}
