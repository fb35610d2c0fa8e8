// Compile eformkit schemas with ajv 2020-12 in strict mode and validate instances.
// stdin: {"keywords": [x- keyword names], "schemas": [schema, ...], "cases": [[schema index, data], ...]}
// stdout: {"compile": [null | "error text", ...], "verdicts": [true | false | null, ...]}
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const warnings = [];
const logger = { log() {}, warn: (...a) => warnings.push(a.join(" ")), error: (...a) => warnings.push(a.join(" ")) };
const compiled = [];
const compileErrors = [];
for (const schema of input.schemas) {
  // strict: true sets every strict-mode restriction (unknown keywords, types, tuples, required)
  const ajv = new Ajv2020({ strict: true, allErrors: true, logger });
  addFormats(ajv);
  for (const keyword of input.keywords) ajv.addKeyword({ keyword, schemaType: ["object", "array", "string", "boolean", "number"] });
  warnings.length = 0;
  try {
    compiled.push(ajv.compile(schema));
    compileErrors.push(warnings.length ? warnings.join("\n") : null);
  } catch (e) {
    compiled.push(null);
    compileErrors.push(String(e.message || e));
  }
}
const verdicts = (input.cases || []).map(([i, data]) => (compiled[i] ? compiled[i](data) : null));
process.stdout.write(JSON.stringify({ compile: compileErrors, verdicts }));
