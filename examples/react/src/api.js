// eformkit's JSON API (mounted at /api on the same origin as this page, so the portal's session
// cookie is sent with every call). Every POST carries the session's CSRF token in `X-CSRF-Token`.

const BASE = "/api";

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export function createApi(lang) {
  let csrf = null;

  async function call(method, path, body, params = {}) {
    const query = new URLSearchParams({ ...params, lang });
    const headers = { Accept: "application/json" };
    if (method !== "GET") {
      headers["Content-Type"] = "application/json";
      if (csrf) headers["X-CSRF-Token"] = csrf;
    }
    const response = await fetch(`${BASE}${path}?${query}`, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let payload = null;
    if ((response.headers.get("Content-Type") || "").includes("application/json")) {
      payload = await response.json();
    }
    return { status: response.status, body: payload };
  }

  async function ok(method, path, body, params) {
    const answer = await call(method, path, body, params);
    if (answer.status < 200 || answer.status >= 300) throw new ApiError(answer.status, answer.body);
    return answer.body;
  }

  const form = (id) => `/forms/${encodeURIComponent(id)}`;
  return {
    /** The signed-in subject, or null when nobody is signed in (401). Keeps the CSRF token for POSTs. */
    async session() {
      const answer = await call("GET", "/session");
      if (answer.status === 401) return null;
      if (answer.status !== 200) throw new ApiError(answer.status, answer.body);
      csrf = answer.body.csrf;
      return answer.body;
    },
    forms: () => ok("GET", "/forms"),
    schema: (id) => ok("GET", `${form(id)}/schema`),
    ui: (id) => ok("GET", `${form(id)}/ui`, undefined, { kind: "rjsf" }),
    prefill: (id) => ok("POST", `${form(id)}/prefill`, {}),
    /** The raw answer: 201 with the receipt, or 422/403 with the server's located errors. */
    submit: (id, data, token) => call("POST", `${form(id)}/submit`, { data, token }),
    receipt: (rid) => ok("GET", `/receipts/${encodeURIComponent(rid)}`),
  };
}
