// `npm run build`: bundles src/main.jsx (React, RJSF, ajv) into dist/app.js with esbuild and copies
// index.html and the stylesheet next to it. dist/ is served at /react/ by server.py; nothing is
// fetched from a CDN at run time.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";

const dist = new URL("./dist/", import.meta.url);
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  entryPoints: ["src/main.jsx"],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "iife",
  target: ["es2020"],
  jsx: "automatic",
  define: { "process.env.NODE_ENV": '"production"' },
  outfile: "dist/app.js",
  logLevel: "warning",
  absWorkingDir: new URL(".", import.meta.url).pathname,
});
await copyFile(new URL("./index.html", import.meta.url), new URL("index.html", dist));
await copyFile(new URL("./src/app.css", import.meta.url), new URL("app.css", dist));
console.log("built dist/ (app.js, app.css, index.html)");
