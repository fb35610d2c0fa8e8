// `npm run build`: bundles src/main.jsx (React, RJSF, ajv) into dist/app.js with esbuild and copies
// index.html and the stylesheet next to it. dist/ is served at /react/ by server.py; nothing is
// fetched from a CDN at run time. `node build.mjs OUTDIR` builds into another folder (the tests do).
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.argv[2] ? resolve(process.argv[2]) : join(here, "dist");
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  absWorkingDir: here,
  entryPoints: ["src/main.jsx"],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "iife",
  target: ["es2020"],
  jsx: "automatic",
  define: { "process.env.NODE_ENV": '"production"' },
  outfile: join(dist, "app.js"),
  logLevel: "warning",
});
await copyFile(join(here, "index.html"), join(dist, "index.html"));
await copyFile(join(here, "src", "app.css"), join(dist, "app.css"));
console.log(`built ${dist} (app.js, app.css, index.html)`);
