// The page's small parts: header, form picker, error summary, receipt.

import React, { useEffect, useRef } from "react";
import { fieldId } from "./pointers.js";

export function Header({ t, lang, session, formId }) {
  const other = lang === "en" ? "vi" : "en";
  const query = new URLSearchParams({ ...(formId ? { form: formId } : {}), lang: other });
  return (
    <header className="page-header">
      <p className="app-title">{t("app_title")}</p>
      <nav aria-label={t("language")}>
        <a id="lang-switch" href={`?${query}`} lang={other} hrefLang={other}>
          {t("other_language")}
        </a>
      </nav>
      {session ? (
        <p id="account">
          {t("signed_in_as")} <span id="subject">{session.subject}</span> ({t("level")} {session.level})
        </p>
      ) : null}
    </header>
  );
}

export function SignIn({ t, lang }) {
  return (
    <main>
      <p>{t("not_signed_in")}</p>
      <p>
        <a id="signin-link" href={`/?lang=${lang}`}>
          {t("sign_in")}
        </a>
      </p>
    </main>
  );
}

/** A plain GET form: choosing a form reloads the page with `?form=<id>&lang=`. */
export function FormPicker({ t, lang, forms, current }) {
  return (
    <form className="form-picker" method="get" action="">
      <label htmlFor="form-picker">{t("pick_form")}</label>
      <select id="form-picker" name="form" defaultValue={current || ""}>
        {current ? null : <option value="">—</option>}
        {forms.map((f) => (
          <option key={f.id} value={f.id}>
            {f.code ? `${f.code} · ${f.title}` : f.title}
          </option>
        ))}
      </select>
      <input type="hidden" name="lang" value={lang} />
      <button type="submit">{t("open")}</button>
    </form>
  );
}

/** The errors at the top, each a link to its field; focused when it appears so it is read out. */
export function ErrorSummary({ id, title, intro, errors, labelOf, t }) {
  const ref = useRef(null);
  useEffect(() => {
    if (errors.length && ref.current) ref.current.focus();
  }, [errors]);
  if (!errors.length) return null;
  return (
    <div id={id} className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {intro ? <p>{intro}</p> : null}
      <ul>
        {errors.map((e, i) => (
          <li key={i} data-pointer={e.pointer} data-code={e.code || undefined}>
            {e.pointer ? (
              <a href={`#${fieldId(e.pointer)}`}>
                {labelOf(e.pointer) || e.pointer}: {e.message}
              </a>
            ) : (
              <span>
                {t("form_level")}: {e.message}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Receipt({ t, lang, receipt, formTitle }) {
  const again = new URLSearchParams({ form: receipt.form_id, lang });
  return (
    <main id="receipt" aria-labelledby="receipt-title">
      <h1 id="receipt-title">{t("receipt_title")}</h1>
      <dl>
        <dt>{t("receipt_id")}</dt>
        <dd>
          <output id="receipt-id">{receipt.receipt_id}</output>
        </dd>
        <dt>{t("receipt_form")}</dt>
        <dd id="receipt-form">{formTitle || receipt.form_id}</dd>
      </dl>
      {receipt.warnings?.length ? (
        <section aria-labelledby="warnings-title">
          <h2 id="warnings-title">{t("warnings")}</h2>
          <ul id="receipt-warnings">
            {receipt.warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{t("receipt_links")}</h2>
      <ul className="links">
        {receipt.links?.word ? (
          <li>
            <a id="word-link" href={receipt.links.word}>
              {t("link_word")}
            </a>
          </li>
        ) : null}
        {receipt.links?.record ? (
          <li>
            <a id="record-link" href={receipt.links.record}>
              {t("link_record")}
            </a>
          </li>
        ) : null}
      </ul>
      <p>
        <a href={`?${again}`}>{t("new_submission")}</a>
      </p>
    </main>
  );
}
