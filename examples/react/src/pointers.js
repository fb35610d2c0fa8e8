// JSON pointers (RFC 6901), as the API locates fields, and their RJSF counterparts: the field's
// element id (`root_signature_place`) and the nested `extraErrors` / `uiSchema` objects.

export function parsePointer(pointer) {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function toPointer(path) {
  return path.map((part) => "/" + String(part).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

/** The id RJSF gives the field at `pointer` (default idPrefix "root", idSeparator "_"). */
export function fieldId(pointer) {
  return ["root", ...parsePointer(pointer)].join("_");
}

/** Server errors `[{pointer, message}]` as an RJSF ErrorSchema for `extraErrors`. */
export function toErrorSchema(errors) {
  const schema = {};
  for (const { pointer, message } of errors) {
    let node = schema;
    for (const part of parsePointer(pointer)) {
      node[part] = node[part] || {};
      node = node[part];
    }
    (node.__errors = node.__errors || []).push(message);
  }
  return schema;
}

/** A copy of `uiSchema` with `ui:readonly` at each pointer (array rows: every row of the table). A pick list
 * (a locked table whose rows the citizen may drop) keeps its rows read-only but removable: no row is added,
 * moved or changed, as the token allows. */
export function withReadonly(uiSchema, pointers, picks = []) {
  const ui = structuredClone(uiSchema);
  for (const pointer of pointers) {
    let node = ui;
    for (const part of parsePointer(pointer)) {
      const key = /^\d+$/.test(part) ? "items" : part;
      node[key] = node[key] || {};
      node = node[key];
    }
    if (picks.includes(pointer)) {
      node.items = { ...(node.items || {}), "ui:readonly": true };
      node["ui:options"] = { ...(node["ui:options"] || {}), addable: false, orderable: false, removable: true };
    } else {
      node["ui:readonly"] = true;
    }
  }
  return ui;
}

export function getAt(doc, pointer) {
  let node = doc;
  for (const part of parsePointer(pointer)) {
    if (node == null || typeof node !== "object") return undefined;
    node = node[part];
  }
  return node;
}

/** A copy of `doc` with `value` at `pointer` (undefined: removed). */
export function setAt(doc, pointer, value) {
  const path = parsePointer(pointer);
  if (path.length === 0) return value;
  const copy = Array.isArray(doc) ? [...doc] : { ...(doc || {}) };
  const [head, ...rest] = path;
  const inner = rest.length === 0 ? value : setAt(copy[head], toPointer(rest), value);
  if (inner === undefined && !Array.isArray(copy)) delete copy[head];
  else copy[head] = inner;
  return copy;
}
