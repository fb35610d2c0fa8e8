// One e-form: schema + RJSF uiSchema + the prefill for the signed-in citizen, submitted with the
// signed prefill token. Locks come from the prefill answer (`fields[pointer].locked`) and are shown
// read-only; the server decides from the token alone, so a changed locked value is refused there.

import React, { useMemo, useState } from "react";
import Form from "@rjsf/core";
import { customizeValidator } from "@rjsf/validator-ajv8";
import Ajv2020 from "ajv/dist/2020";
import xKeywords from "../../../eformkit/schema/x_keywords.json";
import { clientErrors, fieldTitle, serverErrors, transformErrors } from "./errors.js";
import { ErrorSummary } from "./components.jsx";
import { getAt, setAt, toErrorSchema, withReadonly } from "./pointers.js";
import { ArrayFieldTitleTemplate, FieldTemplate, ObjectFieldTemplate } from "./templates.jsx";
import { conditions, dropHidden, hiddenPointers } from "./visibility.js";

// ajv 2020 with eformkit's `x-` annotation keywords declared (docs/frontend.md), strict about unknown
// keywords. Not about types and `required`: RJSF also compiles fragments on their own (each `if` of the
// root `allOf`, without the root's `type: object`; a probe schema requiring a made-up property).
const validator = customizeValidator({
  AjvClass: Ajv2020,
  ajvOptionsOverrides: {
    strict: true,
    strictTypes: false,
    strictRequired: false,
    keywords: Object.keys(xKeywords.keywords),
  },
});

// RJSF starts every object part with `{}` and leaves `{}` when its answers are cleared; the server
// reads an unanswered part as absent, so the page sends none (a `{}` would make its inner fields
// required). Table rows keep their place.
function compact(value) {
  if (Array.isArray(value)) return value.map((row) => compact(row) ?? {});
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, inner] of Object.entries(value)) {
      const kept = compact(inner);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value === "" || value === null ? undefined : value;
}

export function EForm({ api, t, formId, schema, uiSchema, prefill, onReceipt }) {
  const rules = useMemo(() => conditions(uiSchema), [uiSchema]);
  const drop = schema["x-eformkit"]?.hidden_values !== "keep";
  const clean = (data) => {
    const compacted = compact(data) || {};
    return drop ? dropHidden(rules, compacted) : compacted;
  };
  const [data, setData] = useState(() => clean(prefill.data || {}));
  const [serverProblems, setServerProblems] = useState([]);
  const [clientProblems, setClientProblems] = useState([]);
  const [sending, setSending] = useState(false);
  const [restored, setRestored] = useState(false);
  const [generation, setGeneration] = useState(0); // a new one draws the form afresh

  const fields = prefill.fields || {};
  const locked = useMemo(() => Object.keys(fields).filter((p) => fields[p].locked), [fields]);
  const picks = useMemo(() => locked.filter((p) => fields[p].pick_list), [fields, locked]);
  const ui = useMemo(() => withReadonly(uiSchema, locked, picks), [uiSchema, locked, picks]);
  const hidden = useMemo(() => hiddenPointers(rules, data), [rules, data]);
  const formContext = useMemo(() => ({ fields, hidden, t }), [fields, hidden, t]);
  const extraErrors = useMemo(() => toErrorSchema(serverProblems), [serverProblems]);
  const labelOf = (pointer) => fieldTitle(schema, pointer, t("row"));

  async function submit({ formData }) {
    setSending(true);
    setClientProblems([]);
    setRestored(false);
    try {
      const sent = clean(formData);
      const answer = await api.submit(formId, sent, prefill.token);
      if (answer.status === 201) {
        onReceipt(await api.receipt(answer.body.receipt_id));
        return;
      }
      const problems = serverErrors(answer.body);
      if (!problems.length) problems.push({ pointer: "", message: `${t("failed")} (HTTP ${answer.status})` });
      setServerProblems(problems);
      // A refused change of a locked value: show the signed value again, as the portal does.
      const changed = locked.filter((l) => problems.some((p) => p.pointer === l || p.pointer.startsWith(`${l}/`)));
      if (answer.status === 403 && changed.length) {
        let next = sent;
        for (const pointer of changed) next = setAt(next, pointer, getAt(prefill.data, pointer));
        setData(next);
        setRestored(true);
        setGeneration((g) => g + 1); // fresh inputs: one edited in the browser's tools is read-only again
      }
    } catch (error) {
      setServerProblems([{ pointer: "", message: `${t("failed")}: ${error.message}` }]);
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <ErrorSummary
        id="error-summary"
        title={t("errors_title")}
        intro={t("errors_intro")}
        errors={serverProblems}
        labelOf={labelOf}
        t={t}
      />
      {restored ? (
        <p id="restored-notice" className="notice">
          {t("restored")}
        </p>
      ) : null}
      <ErrorSummary id="client-errors" title={t("client_errors_title")} errors={clientProblems} labelOf={labelOf} t={t} />
      <Form
        key={generation}
        schema={schema}
        uiSchema={ui}
        formData={data}
        validator={validator}
        formContext={formContext}
        templates={{ ArrayFieldTitleTemplate, FieldTemplate, ObjectFieldTemplate }}
        extraErrors={extraErrors}
        transformErrors={transformErrors(t)}
        showErrorList={false}
        noHtml5Validate
        experimental_defaultFormStateBehavior={{ emptyObjectFields: "skipEmptyDefaults", constAsDefaults: "never" }}
        onChange={({ formData }) => setData(clean(formData))}
        onError={(errors) => setClientProblems(clientErrors(errors))}
        onSubmit={submit}
        disabled={sending}
      >
        <button type="submit" id="submit" className="button" disabled={sending}>
          {sending ? t("sending") : t("submit")}
        </button>
      </Form>
    </>
  );
}
