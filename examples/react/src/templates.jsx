// RJSF templates: the field (label with the prefilled value's source and lock, errors linked to the
// input) and the object (the paper's sections from the uiSchema, conditional fields hidden).

import React, { useEffect } from "react";
import { descriptionId, getTemplate, getUiOptions, titleId } from "@rjsf/utils";
import { toPointer } from "./pointers.js";

/** Where a prefilled value came from, and whether the server will refuse a change to it. */
export function SourceBadge({ id, info, t }) {
  if (!info) return null;
  return (
    <span className="source" id={`${id}__source`}>
      <span className="source-label">{info.source_label}</span>
      {info.locked ? (
        <span className="badge badge-locked" data-locked="true">
          <span aria-hidden="true">🔒 </span>
          {t("locked")}
        </span>
      ) : (
        <span className="badge badge-editable">{t("prefilled")}</span>
      )}
    </span>
  );
}

export function FieldTemplate(props) {
  const { id, label, children, errors, help, description, hidden, required, displayLabel, rawErrors } = props;
  const { classNames, style, fieldPathId, registry, uiSchema } = props;
  const context = registry.formContext;
  const pointer = toPointer(fieldPathId.path);
  const invalid = (rawErrors || []).length > 0;
  useEffect(() => {
    // RJSF links the input to its errors (aria-describedby); say it is invalid too, and name a group
    // of radios or checkboxes by the field's label.
    const input = document.getElementById(id);
    if (!input) return;
    if (input.getAttribute("role") === "radiogroup" || input.classList.contains("checkboxes")) {
      input.setAttribute("role", input.getAttribute("role") || "group");
      input.setAttribute("aria-labelledby", `${id}__label`);
    }
    if (invalid) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }, [id, invalid]);
  if (hidden) return <div className="hidden">{children}</div>;
  if (context.hidden.has(pointer)) return null; // its condition does not hold (its value is dropped)
  const isCheckbox = getUiOptions(uiSchema).widget === "checkbox";
  // A table's badge goes under its title (ArrayFieldTitleTemplate).
  const info = props.schema.type === "array" ? undefined : context.fields[pointer];
  const badge = <SourceBadge id={id} info={info} t={context.t} />;
  // The exported uiSchema repeats the field's help as `ui:help`; RJSF would show it twice.
  const showHelp = !(props.rawHelp && props.rawHelp === props.rawDescription);
  return (
    <div className={`${classNames || ""}${invalid ? " has-error" : ""}`} style={style} data-pointer={pointer}>
      {displayLabel && !isCheckbox ? (
        <label htmlFor={id} id={`${id}__label`} className="control-label">
          {label}
          {required ? <span className="required" aria-hidden="true">*</span> : null}
          {badge}
        </label>
      ) : (
        badge
      )}
      {displayLabel && description ? description : null}
      {children}
      {errors}
      {showHelp ? help : null}
    </div>
  );
}

/** A table's title, with where its rows came from. */
export function ArrayFieldTitleTemplate(props) {
  const { fieldPathId, title, schema, uiSchema, required, registry } = props;
  const options = getUiOptions(uiSchema);
  if (!title || options.label === false) return null;
  const Title = getTemplate("TitleFieldTemplate", registry, options);
  const context = registry.formContext;
  return (
    <>
      <Title id={titleId(fieldPathId)} title={title} required={required} schema={schema} uiSchema={uiSchema} registry={registry} />
      <SourceBadge id={fieldPathId.$id} info={context.fields[toPointer(fieldPathId.path)]} t={context.t} />
    </>
  );
}

function Group({ props, children }) {
  const { fieldPathId, description, registry, schema, uiSchema, required } = props;
  const last = fieldPathId.path[fieldPathId.path.length - 1];
  // A table row: "Row 2", not RJSF's "<table title>-2".
  const title = typeof last === "number" ? `${registry.formContext.t("row")} ${last + 1}` : props.title;
  const options = getUiOptions(uiSchema);
  const Title = getTemplate("TitleFieldTemplate", registry, options);
  const Description = getTemplate("DescriptionFieldTemplate", registry, options);
  return (
    <fieldset id={fieldPathId.$id}>
      {title ? (
        <Title id={titleId(fieldPathId)} title={title} required={required} schema={schema} uiSchema={uiSchema} registry={registry} />
      ) : null}
      {description ? (
        <Description id={descriptionId(fieldPathId)} description={description} schema={schema} uiSchema={uiSchema} registry={registry} />
      ) : null}
      {children}
    </fieldset>
  );
}

/** The root object in the paper's sections (`ui:options.sections`); a section whose fields are all
 * hidden is not shown. Other objects (person blocks, signatures) are one group each. */
export function ObjectFieldTemplate(props) {
  const { properties, uiSchema, registry, fieldPathId } = props;
  const sections = fieldPathId.path.length === 0 ? getUiOptions(uiSchema).sections : undefined;
  if (!sections) return <Group props={props}>{properties.map((p) => p.content)}</Group>;
  const hidden = registry.formContext.hidden;
  const byName = new Map(properties.map((p) => [p.name, p]));
  const placed = new Set(sections.flatMap((s) => s.fields));
  return (
    <div id={fieldPathId.$id} className="sections">
      {sections.map((section) => {
        if (section.fields.every((name) => hidden.has(`/${name}`))) return null;
        return (
          <section key={section.id} className="form-section" aria-labelledby={`section-${section.id}`}>
            <h2 id={`section-${section.id}`}>{section.title}</h2>
            {section.fields.map((name) => byName.get(name)?.content)}
          </section>
        );
      })}
      {properties.filter((p) => !placed.has(p.name)).map((p) => p.content)}
    </div>
  );
}
