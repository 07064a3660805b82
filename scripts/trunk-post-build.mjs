// trunk's post_build hook (see Trunk.toml). Runs after trunk has written
// the finished index.html into its staging directory, before that becomes
// dist/. It does the two things that need the final, hashed file names:
//
// 1. Content Security Policy: computes the SHA-256 of every inline script
//    in index.html (trunk's generated loader) and writes the hashes into
//    the CSP in place of __INLINE_SCRIPT_HASHES__, so that script, and no
//    other inline script, may run. Fails if the policy would allow
//    'unsafe-inline' or 'unsafe-eval', or name any other origin.
// 2. Service worker: writes sw.js from assets/sw.js with the list of every
//    built file to keep offline, a version derived from their contents, and
//    the date of the data built into the module (the `as_of` of
//    data/baclofen.json, which the module embeds), so that a page can say
//    what a newer build brings before loading it. The same version is
//    written into index.html (<meta name="pillid-build">) in place of
//    __BUILD_VERSION__: the page knows which build it is. _headers (HTTP
//    headers for the host, not a file a host serves) is checked and left
//    out.
//
// Any surprise fails the build with a message: a page whose policy blocks
// its own loader, or whose service worker keeps the wrong files, must not
// ship.

import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const PLACEHOLDER = "__INLINE_SCRIPT_HASHES__";
const BUILD_PLACEHOLDER = "__BUILD_VERSION__";
// The database the module embeds (src/catalog/mod.rs, include_str!).
const DATABASE = "data/baclofen.json";
const SW_TEMPLATE = "assets/sw.js";
const SW_OUTPUT = "sw.js";
// Read by Netlify and Cloudflare Pages, never served: not kept offline.
const HOST_HEADERS = "_headers";
// What HOST_HEADERS must say for every path ("/*").
const REQUIRED_HEADERS = ["Content-Security-Policy: frame-ancestors 'none'", "X-Frame-Options: DENY"];

function fail(message) {
  console.error(`scripts/trunk-post-build.mjs: ${message}`);
  process.exit(1);
}

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  fail("TRUNK_STAGING_DIR is not set: this runs as trunk's post_build hook");
}
const sourceDir = process.env.TRUNK_SOURCE_DIR || process.cwd();
const sha256 = (data) => createHash("sha256").update(data);

// 1. The Content Security Policy.
const htmlPath = join(staging, "index.html");
let html = readFileSync(htmlPath, "utf8");
const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)].filter(
  ([, attributes]) => !/\bsrc\s*=/i.test(attributes),
);
if (inline.length === 0) {
  fail("index.html has no inline script; trunk's loader was expected");
}
const hashes = [...new Set(inline.map(([, , body]) => `'sha256-${sha256(body).digest("base64")}'`))];
const found = html.split(PLACEHOLDER).length - 1;
if (found !== 1) {
  fail(`index.html must name ${PLACEHOLDER} exactly once, in its CSP (found ${found})`);
}
html = html.replace(PLACEHOLDER, hashes.join(" "));
const policies = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)];
if (policies.length !== 1) {
  fail(`index.html must have exactly one Content-Security-Policy meta tag (found ${policies.length})`);
}
const policy = policies[0][1];
for (const forbidden of ["'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:", "blob:"]) {
  if (policy.split(/[\s;]+/).includes(forbidden)) {
    fail(`the CSP must not allow ${forbidden}: ${policy}`);
  }
}
if (/\bhttps?:\/\//.test(policy)) {
  fail(`the CSP must not name another origin: ${policy}`);
}
writeFileSync(htmlPath, html);

// 2. The service worker.
function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}
const built = files(staging)
  .map((path) => relative(staging, path).split(sep).join("/"))
  .filter((name) => name !== SW_OUTPUT && name !== HOST_HEADERS)
  .sort();
// The host's headers: present, and saying what README.md promises.
let hostHeaders;
try {
  hostHeaders = readFileSync(join(staging, HOST_HEADERS), "utf8");
} catch {
  fail(`${HOST_HEADERS} is not in the build (index.html copies it from assets/)`);
}
const forAll = hostHeaders
  .split("\n")
  .filter((line) => !line.startsWith("#"))
  .join("\n")
  .split(/^(?=\S)/m)
  .find((block) => block.startsWith("/*\n"));
for (const header of REQUIRED_HEADERS) {
  if (!forAll || !forAll.split("\n").some((line) => line.trim() === header)) {
    fail(`${HOST_HEADERS} must send "${header}" for /*`);
  }
}
for (const needed of ["index.html", "manifest.webmanifest", "icon.svg"]) {
  if (!built.includes(needed)) {
    fail(`${needed} is not in the build; the service worker must keep it`);
  }
}
// Every icon the manifest names: a phone fetches them to install the app,
// and the service worker keeps them like every other built file.
let manifest;
try {
  manifest = JSON.parse(readFileSync(join(staging, "manifest.webmanifest"), "utf8"));
} catch (error) {
  fail(`manifest.webmanifest is not valid JSON: ${error.message}`);
}
if (!Array.isArray(manifest.icons) || manifest.icons.length === 0) {
  fail("manifest.webmanifest lists no icons");
}
for (const icon of manifest.icons) {
  if (!built.includes(icon.src)) {
    fail(`manifest.webmanifest names ${icon.src}, which is not in the build`);
  }
}
// NLM's tablet photos: every one the app may show is kept offline.
for (const photo of readdirSync(join(sourceDir, "assets/photos"))) {
  if (!built.includes(`photos/${photo}`)) {
    fail(`photos/${photo} is not in the build; the service worker must keep every tablet photo`);
  }
}
for (const ext of [".wasm", ".js", ".css"]) {
  if (!built.some((name) => name.endsWith(ext))) {
    fail(`no ${ext} file in the build; the service worker must keep the app`);
  }
}
// The version covers every file as built, index.html with its stamp still
// blank: the same sources give the same version.
const version = sha256(
  built.map((name) => `${name} ${sha256(readFileSync(join(staging, name))).digest("hex")}\n`).join(""),
)
  .digest("hex")
  .slice(0, 16);
const stamps = html.split(BUILD_PLACEHOLDER).length - 1;
if (stamps !== 1) {
  fail(`index.html must name ${BUILD_PLACEHOLDER} exactly once, in <meta name="pillid-build"> (found ${stamps})`);
}
writeFileSync(htmlPath, html.replace(BUILD_PLACEHOLDER, version));

// The date of the data in this build: null when the database gives none.
let dataAsOf;
try {
  dataAsOf = JSON.parse(readFileSync(join(sourceDir, DATABASE), "utf8")).as_of ?? null;
} catch (error) {
  fail(`cannot read the as_of date of ${DATABASE}: ${error.message}`);
}
if (dataAsOf !== null && !/^\d{4}-\d{2}-\d{2}$/.test(dataAsOf)) {
  fail(`${DATABASE}: as_of must be a date written YYYY-MM-DD, not ${JSON.stringify(dataAsOf)}`);
}

let worker = readFileSync(join(sourceDir, SW_TEMPLATE), "utf8");
const fill = (line, value) => {
  if (worker.split(line).length !== 2) {
    fail(`${SW_TEMPLATE} must contain the line ${line} exactly once`);
  }
  worker = worker.replace(line, value);
};
fill('const VERSION = "dev";', `const VERSION = ${JSON.stringify(version)};`);
fill("const DATA_AS_OF = null;", `const DATA_AS_OF = ${JSON.stringify(dataAsOf)};`);
fill("const PRECACHE = [];", `const PRECACHE = ${JSON.stringify(built)};`);
writeFileSync(join(staging, SW_OUTPUT), worker);

console.log(
  `post-build: CSP allows ${hashes.length} inline script hash(es); build ${version}, data of ${dataAsOf}; sw.js keeps ${built.length} files`,
);
