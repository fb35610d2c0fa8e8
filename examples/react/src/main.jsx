// The page: `?form=<id>&lang=vi|en`. Session → forms → schema, uiSchema (RJSF) and prefill → the
// form → submit → receipt. Everything comes from eformkit's JSON API on the same origin.

import React, { useEffect, useMemo, useState } from "react";
import { createRoot } from "react-dom/client";
import { createApi } from "./api.js";
import { FormPicker, Header, Receipt, SignIn } from "./components.jsx";
import { EForm } from "./EForm.jsx";
import { pageLang, texts } from "./i18n.js";

function App() {
  const lang = pageLang(window.location.search);
  const formId = new URLSearchParams(window.location.search).get("form") || "";
  const t = useMemo(() => texts(lang), [lang]);
  const api = useMemo(() => createApi(lang), [lang]);
  const [state, setState] = useState({ phase: "loading" });

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t("app_title");
    let gone = false;
    const set = (next) => !gone && setState(next);
    (async () => {
      const session = await api.session();
      if (!session) return set({ phase: "signin" });
      const forms = await api.forms();
      if (!formId) return set({ phase: "pick", session, forms });
      if (!forms.some((f) => f.id === formId)) return set({ phase: "unknown", session, forms });
      // The prefill is a POST (it reads personal data and writes the access log): after session().
      const [schema, uiSchema, prefill] = await Promise.all([api.schema(formId), api.ui(formId), api.prefill(formId)]);
      document.title = `${schema.title} · ${t("app_title")}`;
      set({ phase: "form", session, forms, schema, uiSchema, prefill });
    })().catch((error) => set({ phase: "error", message: error.message }));
    return () => {
      gone = true;
    };
  }, [api, formId, lang, t]);

  const { phase, session, forms } = state;
  return (
    <>
      <Header t={t} lang={lang} session={session} formId={formId} />
      {phase === "loading" ? <p role="status">{t("loading")}</p> : null}
      {phase === "signin" ? <SignIn t={t} lang={lang} /> : null}
      {phase === "error" ? (
        <p role="alert" id="load-error" className="error">
          {t("failed")}: {state.message}
        </p>
      ) : null}
      {["pick", "unknown", "form"].includes(phase) ? (
        <main>
          <FormPicker t={t} lang={lang} forms={forms} current={formId} />
          {phase === "pick" ? <p>{t("no_form")}</p> : null}
          {phase === "unknown" ? <p role="alert">{t("unknown_form")}</p> : null}
          {phase === "form" ? <FormView t={t} api={api} formId={formId} state={state} setState={setState} /> : null}
        </main>
      ) : null}
      {phase === "receipt" ? <Receipt t={t} lang={lang} receipt={state.receipt} formTitle={state.formTitle} /> : null}
    </>
  );
}

function FormView({ t, api, formId, state, setState }) {
  const { schema, uiSchema, prefill } = state;
  const hasPrefill = Object.keys(prefill.fields || {}).length > 0;
  return (
    <article aria-labelledby="form-title">
      <h1 id="form-title">{schema.title}</h1>
      {hasPrefill ? (
        <p id="prefill-notice" className="notice">
          {t("prefill_notice")}
        </p>
      ) : null}
      {prefill.notice ? (
        <p id="assurance-notice" className="notice">
          {prefill.notice}
        </p>
      ) : null}
      <EForm
        api={api}
        t={t}
        formId={formId}
        schema={schema}
        uiSchema={uiSchema}
        prefill={prefill}
        onReceipt={(receipt) => {
          setState({ phase: "receipt", session: state.session, receipt, formTitle: schema.title });
          window.scrollTo(0, 0);
        }}
      />
    </article>
  );
}

createRoot(document.getElementById("root")).render(<App />);
