#!/usr/bin/env node
// Lighthouse on the built app (`make lighthouse`, and the last step of
// `make bench`): serves dist/ on 127.0.0.1 as a static host would, runs
// Lighthouse (npm `lighthouse`, pinned in tools/package.json) with
// Debian's Chromium, prints the four category scores and the largest
// contentful paint (LCP), and writes them with the targets into README.md
// between the lighthouse:begin and lighthouse:end markers.
//
// Three configurations, each run RUNS times in a fresh browser profile
// (so no service worker and no cache: a first visit); the run with the
// median performance score is reported, with every run's beside it:
//
// - mobile: Lighthouse's default, a mid-range phone on a slow 4G link
//   (150 ms round trip, 1.6 Mbit/s down) with a 4x slower CPU, *simulated*
//   from one unthrottled load (Lantern). The issue's targets are set on it.
// - desktop: `--preset=desktop`.
// - mobile, applied throttling: the same phone with the throttling really
//   applied while the page loads (`--throttling-method=devtools`). The
//   simulation counts every request that finished before the observed
//   LCP as something the LCP waited for; loaded from 127.0.0.1 the 340 KB
//   module often arrives before the first paint, and is then counted as
//   holding up the page's text although the text never waits for it.
//   This row shows when the text really paints on a slow link.
//
// The server gzips what a host compresses (HTML, CSS, JavaScript,
// WebAssembly, JSON, SVG) and sends the headers of dist/_headers, as the
// hosts README.md names do. PILLID_LIGHTHOUSE_GZIP=0 serves every file
// as it is, to see what an uncompressing host costs; PILLID_LIGHTHOUSE_RUNS
// changes the number of runs. Either leaves README.md alone.
// PILLID_LIGHTHOUSE_KEEP=DIR keeps every run's full report (JSON) there.
//
// Scores are reported, never asserted: the script fails only when it
// cannot measure (no dist/, no Lighthouse, no Chromium, a run that
// errors).

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist");
const README = join(ROOT, "README.md");
const LIGHTHOUSE = join(ROOT, "tools/node_modules/.bin/lighthouse");
const CHROMIUM = process.env.CHROME_PATH || "/usr/bin/chromium";
// Headless in Chromium's new mode (the same browser as a window); no
// sandbox, which needs privileges a container or CI runner seldom has.
const CHROME_FLAGS = "--headless=new --no-sandbox";

// Lighthouse scores vary from run to run by a few points (timers, the
// other work on the machine); the median of three is steadier than one
// and keeps this to about five minutes.
const DEFAULT_RUNS = 3;
const RUNS = Number(process.env.PILLID_LIGHTHOUSE_RUNS || DEFAULT_RUNS);
const GZIP = process.env.PILLID_LIGHTHOUSE_GZIP !== "0";
const KEEP = process.env.PILLID_LIGHTHOUSE_KEEP;

// The targets of issue 14: a phone shows the page's text within
// Google's "good" largest contentful paint, and nothing else is lost.
const TARGET_MOBILE_PERFORMANCE = 95;
const TARGET_LCP_MS = 2500;
const TARGET_OTHER_SCORE = 100;

const CATEGORIES = [
  ["performance", "performance"],
  ["accessibility", "accessibility"],
  ["best-practices", "best practices"],
  ["seo", "SEO"],
];
const CONFIGURATIONS = [
  { name: "mobile", flags: [], targets: true },
  { name: "desktop", flags: ["--preset=desktop"], targets: true },
  { name: "mobile, applied throttling", flags: ["--throttling-method=devtools"], targets: false },
];

const BEGIN = "<!-- lighthouse:begin";
const END = "<!-- lighthouse:end";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".webp": "image/webp",
};
// What hosts compress; images (PNG, WebP) are compressed already.
const COMPRESSIBLE = new Set([".html", ".js", ".wasm", ".css", ".json", ".webmanifest", ".svg"]);

function fail(message) {
  console.error(`scripts/lighthouse.mjs: ${message}`);
  process.exit(1);
}

// The header lines dist/_headers gives every path ("/*"), as [name, value].
function hostHeaders() {
  const path = join(DIST, "_headers");
  if (!existsSync(path)) {
    return [];
  }
  const lines = readFileSync(path, "utf8").split("\n");
  const start = lines.findIndex((line) => line.trim() === "/*");
  if (start < 0) {
    return [];
  }
  const headers = [];
  for (const line of lines.slice(start + 1)) {
    if (!/^\s+\S/.test(line)) {
      break;
    }
    const colon = line.indexOf(":");
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return headers;
}

// A static server for dist/ on 127.0.0.1 and a free port. Resolves with
// the server once it listens.
function serveDist() {
  const headers = hostHeaders();
  const cache = new Map();
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname);
    const file = normalize(join(DIST, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(DIST + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
      response.end("not found\n");
      return;
    }
    const ext = extname(file);
    const gzip = GZIP && COMPRESSIBLE.has(ext) && /\bgzip\b/.test(request.headers["accept-encoding"] || "");
    const key = `${file} ${gzip}`;
    if (!cache.has(key)) {
      const body = readFileSync(file);
      cache.set(key, gzip ? gzipSync(body, { level: 9 }) : body);
    }
    const body = cache.get(key);
    response.writeHead(200, {
      "Content-Type": TYPES[ext] || "application/octet-stream",
      "Content-Length": body.length,
      "Cache-Control": "no-cache",
      Vary: "Accept-Encoding",
      ...(gzip ? { "Content-Encoding": "gzip" } : {}),
      ...Object.fromEntries(headers),
    });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  return new Promise((done, refused) => {
    server.once("error", refused);
    server.listen(0, "127.0.0.1", () => done(server));
  });
}

// Runs Lighthouse once; resolves with its report (the LHR as an object).
function lighthouse(url, flags, scratch, label) {
  const output = join(scratch, `${label}.json`);
  const args = [
    url,
    "--output=json",
    `--output-path=${output}`,
    `--chrome-flags=${CHROME_FLAGS}`,
    "--quiet",
    ...flags,
  ];
  return new Promise((done) => {
    const child = spawn(LIGHTHOUSE, args, {
      env: { ...process.env, CHROME_PATH: CHROMIUM },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", (error) => fail(`cannot run ${LIGHTHOUSE}: ${error.message}`));
    child.on("exit", (code) => {
      if (code !== 0 || !existsSync(output)) {
        fail(`Lighthouse (${label}) exited with ${code}`);
      }
      const report = JSON.parse(readFileSync(output, "utf8"));
      if (report.runtimeError) {
        fail(`Lighthouse (${label}): ${report.runtimeError.code}: ${report.runtimeError.message}`);
      }
      done(report);
    });
  });
}

const score = (report, id) => Math.round(report.categories[id].score * 100);
const lcpMs = (report) => report.audits["largest-contentful-paint"].numericValue;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

// The element Lighthouse found largest, as a short selector. A node of
// the static page is gone from the finished page, and Lighthouse cannot
// name it then.
function lcpElement(report) {
  const items = report.audits["largest-contentful-paint-element"]?.details?.items ?? [];
  for (const item of items) {
    for (const row of item.items ?? [item]) {
      if (row.node?.selector) {
        return row.node.selector;
      }
    }
  }
  return "an element no longer in the page";
}

// "Chromium 156.0.8078.114": the browser's own version (the one its
// user agent gives is reduced to 156.0.0.0).
function chromiumVersion() {
  const out = spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" }).stdout || "";
  const version = out.match(/\d+\.\d+\.\d+\.\d+/);
  return version ? `Chromium ${version[0]}` : "Chromium";
}

function median(reports) {
  const sorted = [...reports].sort((a, b) => score(a, "performance") - score(b, "performance"));
  return sorted[Math.floor(sorted.length / 2)];
}

function table(results, environment) {
  const header = `| configuration | ${CATEGORIES.map(([, title]) => title).join(" | ")} | LCP | every run: performance, LCP |`;
  const rows = results.map(({ name, report, runs }) => {
    const scores = CATEGORIES.map(([id]) => score(report, id)).join(" | ");
    const all = runs.map((r) => `${score(r, "performance")}, ${seconds(lcpMs(r))}`).join("; ");
    return `| ${name} | ${scores} | ${seconds(lcpMs(report))} | ${all} |`;
  });
  const met = (ok) => (ok ? "met" : "**not met**");
  const targets = [];
  for (const { name, report } of results.filter((r) => r.targets)) {
    if (name === "mobile") {
      const performance = score(report, "performance");
      targets.push(
        `| mobile performance ≥ ${TARGET_MOBILE_PERFORMANCE} | ${performance} | ${met(performance >= TARGET_MOBILE_PERFORMANCE)} |`,
      );
      targets.push(
        `| mobile LCP < ${seconds(TARGET_LCP_MS)} | ${seconds(lcpMs(report))} | ${met(lcpMs(report) < TARGET_LCP_MS)} |`,
      );
    }
    for (const [id, title] of CATEGORIES) {
      if (name === "mobile" && id === "performance") {
        continue;
      }
      const value = score(report, id);
      targets.push(`| ${name} ${title} = ${TARGET_OTHER_SCORE} | ${value} | ${met(value >= TARGET_OTHER_SCORE)} |`);
    }
  }
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} by \`make lighthouse\` (part of \`make bench\`): Lighthouse ${environment.lighthouse}, ${environment.browser} (headless), ${environment.host}; \`dist/\` served gzipped from 127.0.0.1 with the headers of \`_headers\`. Each row is the median of ${RUNS} runs by performance score, every run a first visit in a fresh profile.`,
    "",
    header,
    `| --- | ${CATEGORIES.map(() => "---:").join(" | ")} | ---: | --- |`,
    ...rows,
    "",
    "Targets (issue 14, on Lighthouse's default mobile and desktop runs; reported, not asserted):",
    "",
    "| target | measured | |",
    "| --- | --- | --- |",
    ...targets,
  ].join("\n");
}

function splice(readme, text) {
  const lines = readme.split("\n");
  const begin = lines.findIndex((line) => line.trimStart().startsWith(BEGIN));
  if (begin < 0) {
    fail(`README.md has no \`${BEGIN} -->\` line`);
  }
  const end = lines.findIndex((line, i) => i > begin && line.trimStart().startsWith(END));
  if (end < 0) {
    fail(`README.md has no \`${END} -->\` line after \`${BEGIN} -->\``);
  }
  return [...lines.slice(0, begin + 1), text, ...lines.slice(end)].join("\n");
}

async function main() {
  if (!existsSync(join(DIST, "index.html"))) {
    fail("no dist/index.html: build the app first (make dist; make bench does it)");
  }
  if (!existsSync(LIGHTHOUSE)) {
    fail("Lighthouse is not installed in tools/: run make install (it runs npm ci in tools/)");
  }
  if (!existsSync(CHROMIUM)) {
    fail(`no Chromium at ${CHROMIUM}: run make install, or set CHROME_PATH`);
  }
  if (!Number.isInteger(RUNS) || RUNS < 1) {
    fail(`PILLID_LIGHTHOUSE_RUNS must be a whole number of at least 1, not ${process.env.PILLID_LIGHTHOUSE_RUNS}`);
  }
  const server = await serveDist();
  const url = `http://127.0.0.1:${server.address().port}/`;
  const scratch = KEEP ? resolve(KEEP) : mkdtempSync(join(tmpdir(), "pillid-lighthouse-"));
  mkdirSync(scratch, { recursive: true });
  const results = [];
  try {
    for (const { name, flags, targets } of CONFIGURATIONS) {
      const runs = [];
      for (let run = 1; run <= RUNS; run++) {
        const report = await lighthouse(url, flags, scratch, `${name.replace(/\W+/g, "-")}-${run}`);
        console.log(
          `${name} run ${run}/${RUNS}: ${CATEGORIES.map(([id, title]) => `${title} ${score(report, id)}`).join(", ")}; ` +
            `LCP ${seconds(lcpMs(report))} (${lcpElement(report)}), ` +
            `FCP ${seconds(report.audits["first-contentful-paint"].numericValue)}, ` +
            `TBT ${Math.round(report.audits["total-blocking-time"].numericValue)} ms, ` +
            `CLS ${report.audits["cumulative-layout-shift"].numericValue.toFixed(3)}, ` +
            `speed index ${seconds(report.audits["speed-index"].numericValue)}`,
        );
        runs.push(report);
      }
      results.push({ name, report: median(runs), runs, targets });
    }
  } finally {
    server.close();
    if (!KEEP) {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const first = results[0].report;
  const environment = {
    lighthouse: first.lighthouseVersion,
    browser: chromiumVersion(),
    host: `on a machine Lighthouse rates at benchmark index ${Math.round(first.environment.benchmarkIndex)}`,
  };
  const text = table(results, environment);
  console.log(`\n${text}\n`);
  if (RUNS !== DEFAULT_RUNS || !GZIP) {
    console.log("README.md left alone: PILLID_LIGHTHOUSE_* changed the measurement from the default.");
    return;
  }
  writeFileSync(README, splice(readFileSync(README, "utf8"), text));
  console.log("README.md: Lighthouse table updated.");
}

await main();
