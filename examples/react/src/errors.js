// Errors as the citizen reads them: ajv's (client) in the page's language, the server's as it sent
// them (already in the language asked for), each located by JSON pointer.

import { parsePointer, toPointer } from "./pointers.js";

/** The title of the field at `pointer` in the published schema (rows: the column's title). */
export function fieldTitle(schema, pointer, row = "#") {
  let node = schema;
  const titles = [];
  for (const part of parsePointer(pointer)) {
    if (!node) break;
    if (node.type === "array") {
      node = node.items;
      titles.push(`${row} ${Number(part) + 1}`);
    } else {
      node = node.properties?.[part];
      if (node?.title) titles.push(node.title);
    }
  }
  return titles.join(" › ");
}

function pointerOfProperty(property) {
  // RJSF names the field of an error `.signature.place` / `.members.0.full_name`.
  return toPointer((property || "").split(".").filter(Boolean));
}

const NOISE = new Set(["if", "allOf", "anyOf", "then", "else", "not"]);

/** RJSF `transformErrors`: messages in the page's language; wrappers of another error dropped. */
export function transformErrors(t) {
  return (errors) => {
    const seen = new Set();
    const out = [];
    const located = new Set(errors.filter((e) => e.name === "const").map((e) => e.property));
    for (const error of errors) {
      if (NOISE.has(error.name)) continue;
      if (error.name === "oneOf" && located.has(error.property)) continue; // its options' const errors say it
      const tick = error.name === "const" && error.params?.allowedValue === true; // a box to tick ("I declare")
      const key = tick ? "v_tick" : error.name === "const" ? "v_enum" : `v_${error.name}`;
      const limit = error.params?.limit;
      const message = t(key) === key ? t("v_other") : t(key, { limit });
      const id = `${error.property}|${message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ ...error, message, stack: message });
    }
    return out;
  };
}

/** RJSF errors as `{pointer, message}`. */
export function clientErrors(errors) {
  return errors.map((e) => ({ pointer: pointerOfProperty(e.property), message: e.message }));
}

/** The server's located errors from a 422 (`{errors: [...]}`) or a refusal (`{error: {...}}`). */
export function serverErrors(body) {
  if (Array.isArray(body?.errors)) return body.errors.map((e) => ({ pointer: e.pointer || "", code: e.code, message: e.message }));
  if (body?.error) return [{ pointer: body.error.pointer || "", code: body.error.code, message: body.error.message }];
  return [];
}
