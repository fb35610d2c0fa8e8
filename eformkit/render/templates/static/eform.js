/* eformkit e-form enhancements: conditional visibility, repeating rows, live messages, commune lists.
   The form works without this script; every text comes from data- attributes and goes in as text. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function fieldValue(form, name) {
    var els = form.querySelectorAll('[name="' + name.replace(/["\\]/g, "") + '"]');
    if (!els.length) {
      var d = form.querySelector('[name="' + name + ':d"]');
      var m = form.querySelector('[name="' + name + ':m"]');
      var y = form.querySelector('[name="' + name + ':y"]');
      if (y && y.value) {
        var pad = function (s) { return s.length === 1 ? "0" + s : s; };
        if (m && m.value && d && d.value) return y.value + "-" + pad(m.value) + "-" + pad(d.value);
        if (m && m.value) return y.value + "-" + pad(m.value);
        return y.value;
      }
      return null;
    }
    var first = els[0];
    var type = first.closest(".field") ? first.closest(".field").getAttribute("data-type") : "";
    if (first.type === "radio") {
      for (var i = 0; i < els.length; i++) if (els[i].checked) return els[i].value;
      return null;
    }
    if (first.type === "checkbox") {
      if (type === "multi_choice") {
        var out = [];
        each(els, function (e) { if (e.checked) out.push(e.value); });
        return out;
      }
      return first.checked;
    }
    var v = first.value;
    if (first.type === "hidden" && els.length > 1) v = els[els.length - 1].value;
    if (v === "") return null;
    if (type === "integer" || type === "number" || type === "money") {
      var n = Number(String(v).replace(/\s/g, "").replace(",", "."));
      return isNaN(n) ? v : n;
    }
    if (v === "true") return true;
    if (v === "false") return false;
    return v;
  }

  function truthy(v) {
    return !(v === null || v === undefined || v === false || v === "" || v === 0 ||
      (Array.isArray(v) && v.length === 0));
  }

  function evaluate(rule, form) {
    if (!rule || typeof rule !== "object") return !!rule;
    var op = rule.op, args = rule.args || [];
    if (op === "and") return args.every(function (r) { return evaluate(r, form); });
    if (op === "or") return args.some(function (r) { return evaluate(r, form); });
    if (op === "not") return !evaluate(args[0], form);
    if (op === "lit") return !!rule.value;
    var left = fieldValue(form, rule["var"] || "");
    var right = rule.value;
    if (op === "truthy") return truthy(left);
    if (op === "in" || op === "not in") {
      var found = left !== null && (right || []).indexOf(left) >= 0;
      return op === "in" ? found : !found;
    }
    if (op === "==") return left === null ? right === null : left === right;
    if (op === "!=") return left !== right;
    if (typeof left !== "number" || typeof right !== "number") return false;
    if (op === "<") return left < right;
    if (op === "<=") return left <= right;
    if (op === ">") return left > right;
    if (op === ">=") return left >= right;
    return false;
  }

  function applyVisibility(form) {
    each(form.querySelectorAll("[data-visible-if]"), function (el) {
      var rule;
      try { rule = JSON.parse(el.getAttribute("data-visible-if")); } catch (e) { return; }
      el.hidden = !evaluate(rule, form);
    });
  }

  /* -- live validation ------------------------------------------------------------------------- */
  function message(form, key, label) {
    return (form.getAttribute("data-msg-" + key) || "").split("{label}").join(label);
  }

  function setError(field, text) {
    var err = field.querySelector(".error-message");
    if (!err) return;
    var controls = field.querySelectorAll("input:not([type=hidden]), select, textarea");
    if (text) {
      err.textContent = text;
      err.hidden = false;
      field.classList.add("field--error");
    } else {
      err.textContent = "";
      err.hidden = true;
      field.classList.remove("field--error");
    }
    each(controls, function (c) {
      if (c.closest(".flag")) return;
      var ids = (c.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x && x !== err.id; });
      if (text) { ids.push(err.id); c.setAttribute("aria-invalid", "true"); } else { c.removeAttribute("aria-invalid"); }
      if (ids.length) c.setAttribute("aria-describedby", ids.join(" ")); else c.removeAttribute("aria-describedby");
    });
  }

  function check(form, field) {
    if (field.hidden || field.closest("[hidden]") || field.classList.contains("field--locked")) return;
    var name = field.getAttribute("data-name"), type = field.getAttribute("data-type");
    var label = field.getAttribute("data-label") || "";
    if (["person", "table", "note", "computed", "attachment", "address", "signature"].indexOf(type) >= 0) return;
    var v = fieldValue(form, name);
    var required = field.hasAttribute("data-required");
    if (!required && field.hasAttribute("data-required-if")) {
      try { required = evaluate(JSON.parse(field.getAttribute("data-required-if")), form); } catch (e) { required = false; }
    }
    var text = "";
    if (!truthy(v) && v !== 0 && v !== false) {
      if (required) text = message(form, "required", label);
    } else if (type === "personal_id" && !/^\d{12}$/.test(String(v))) {
      text = message(form, "digits", label);
    } else if ((type === "integer" || type === "number" || type === "money") && typeof v !== "number") {
      text = message(form, "number", label);
    } else if (type === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(v))) {
      text = message(form, "email", label);
    } else if (type === "phone" && !/^\+?[0-9 ().-]{8,20}$/.test(String(v))) {
      text = message(form, "phone", label);
    } else if (type === "date" && !/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/.test(String(v))) {
      text = message(form, "date", label);
    } else if (type === "declaration" && v !== true && required) {
      text = message(form, "required", label);
    }
    setError(field, text);
  }

  /* -- repeating rows ---------------------------------------------------------------------------- */
  function renumber(tbody) {
    var n = 0;
    each(tbody.rows, function (tr) {
      n += 1;
      var cell = tr.querySelector("td.n");
      if (cell) cell.textContent = String(n);
    });
  }

  function addRow(button) {
    var field = button.closest(".field");
    var table = field.querySelector("table.rows");
    var tbody = table.tBodies[0];
    var rows = tbody.querySelectorAll("tr[data-row]");
    if (!rows.length) return false;
    var last = rows[rows.length - 1];
    var max = -1;
    each(rows, function (r) { max = Math.max(max, Number(r.getAttribute("data-row"))); });
    var from = last.getAttribute("data-row"), to = String(max + 1);
    var base = field.getAttribute("data-name");
    var idBase = "f-" + base.split(".").join("-");
    var clone = last.cloneNode(true);
    clone.setAttribute("data-row", to);
    each(clone.querySelectorAll("*"), function (el) {
      ["name", "id", "for", "aria-describedby", "value"].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v === null) return;
        if (attr === "value" && el.tagName !== "BUTTON") return;
        v = v.split(base + "." + from + ".").join(base + "." + to + ".");
        v = v.split(idBase + "-" + from + "-").join(idBase + "-" + to + "-");
        v = v.split("/" + from).join(attr === "value" ? "/" + to : "/" + from);
        el.setAttribute(attr, v);
      });
      if (el.tagName === "INPUT" && el.type !== "hidden" && el.type !== "checkbox") el.value = "";
      if (el.tagName === "SELECT") el.selectedIndex = 0;
      if (el.classList.contains("error-message")) el.parentNode.removeChild(el);
      el.removeAttribute("aria-invalid");
    });
    tbody.appendChild(clone);
    renumber(tbody);
    var counter = field.querySelector('input[name="' + base + ':rows"]');
    if (counter) counter.value = String(tbody.rows.length);
    var maxRows = Number(button.getAttribute("data-max-rows") || 0);
    if (maxRows && tbody.rows.length >= maxRows) button.hidden = true;
    var first = clone.querySelector("input:not([type=hidden]), select");
    if (first) first.focus();
    return true;
  }

  function removeRow(button) {
    var tr = button.closest("tr");
    var tbody = tr.parentNode;
    var field = button.closest(".field");
    if (tbody.rows.length > 1) {
      tbody.removeChild(tr);
    } else {
      each(tr.querySelectorAll("input:not([type=hidden]), select"), function (el) {
        if (el.tagName === "SELECT") el.selectedIndex = 0; else el.value = "";
      });
    }
    renumber(tbody);
    var add = field.querySelector(".row-add");
    if (add) add.hidden = false;
    var focus = field.querySelector(".row-add") || field.querySelector("input:not([type=hidden])");
    if (focus) focus.focus();
  }

  /* -- communes ----------------------------------------------------------------------------------- */
  /* The prefill's candidate communes (a pre-2025 ward now split) belong to the province shown at first:
     kept aside, left out for another province, and put back when the citizen returns to it. */
  var candidates = {};
  function keepCandidates(form) {
    form.querySelectorAll("select[data-communes-target]").forEach(function (select) {
      var target = document.getElementById(select.getAttribute("data-communes-target"));
      var group = target && target.querySelector("optgroup");
      if (group) candidates[target.id] = { province: select.value, group: group.cloneNode(true) };
    });
  }

  function loadCommunes(select) {
    var target = document.getElementById(select.getAttribute("data-communes-target"));
    if (!target) return;
    var url = target.getAttribute("data-communes-url");
    if (!url || !window.fetch) return;
    var province = select.value;
    fetch(url.split("{province}").join(encodeURIComponent(province)), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (list) {
        var head = target.options[0] ? target.options[0].textContent : "";
        while (target.firstChild) target.removeChild(target.firstChild);
        target.add(new Option(head, ""));
        var kept = candidates[target.id];
        if (kept && kept.province === province) target.appendChild(kept.group.cloneNode(true));
        list.forEach(function (u) { target.add(new Option(String(u.name), String(u.code))); });
      })
      .catch(function () { /* the no-JavaScript refresh button still works */ });
  }

  function init(form) {
    applyVisibility(form);
    keepCandidates(form);
    form.addEventListener("change", function (ev) {
      applyVisibility(form);
      var field = ev.target.closest(".field");
      if (field && !ev.target.closest("table.rows")) check(form, field);
      if (ev.target.hasAttribute("data-communes-target")) loadCommunes(ev.target);
    });
    form.addEventListener("input", function (ev) {
      if (ev.target.classList.contains("digits")) ev.target.value = ev.target.value.replace(/\D+/g, "").slice(0, 12);
      applyVisibility(form);
    });
    form.addEventListener("focusout", function (ev) {
      var field = ev.target.closest(".field");
      if (field && !ev.target.closest("table.rows") && !field.contains(ev.relatedTarget)) check(form, field);
    });
    form.addEventListener("click", function (ev) {
      var b = ev.target.closest("button");
      if (!b) return;
      if (b.classList.contains("row-add") && addRow(b)) ev.preventDefault();
      else if (b.classList.contains("row-remove")) { ev.preventDefault(); removeRow(b); }
    });
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  }

  function start() { each(document.querySelectorAll("form.eform"), init); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
