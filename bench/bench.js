// The benchmark page's driver (`make bench`): runs pillid and Fuse.js over
// the same records and the same queries, in this one page, and leaves the
// raw timings in `window.benchResult` for the runner
// (tests/bench_browser.rs), which computes the statistics and the table.
//
// pillid is the app's own matcher, compiled to WebAssembly
// (src/bin/pillid-bench.rs calls pillid::matcher::Matcher). Every timed
// call goes from JavaScript into WebAssembly and back, as in the app.
//
// Timing: performance.now() around each call, repeated until a window of
// SAMPLE_WINDOW_MS is filled; one sample is the window's time divided by
// its calls. The page is served cross-origin isolated, so the clock ticks
// in 5 microseconds rather than 100, and a 2 ms window keeps the rounding
// under half a percent. A slow call (Fuse.js at 100,000 products) is one
// call per sample.

import Fuse from './fuse.min.mjs';

/** Each sample repeats its call for at least this long. */
const SAMPLE_WINDOW_MS = 2;
/** ... but never more often than this (an empty query is very fast). */
const MAX_CALLS_PER_SAMPLE = 5000;
/** Queries run once, untimed, before an engine's timed pass (JIT, caches). */
const WARMUP_QUERIES = 20;
/** Give the event loop a turn this often, so the runner can read progress. */
const YIELD_EVERY_MS = 200;
/** How many results a search returns: the app shows at most 10 cards. */
const RESULTS_SHOWN = 10;
/** Wrong answers kept per engine and workload, to show in the output. */
const MISSES_KEPT = 12;

/** The query as a developer's single search box would send it to Fuse.js:
 * the typed text, plus the picked shape and colour as words (Fuse.js has
 * no notion of a picker; its keys shape and colour are searched by text). */
function searchText(q) {
  return [q.text, q.shape, q.colour].filter(Boolean).join(' ').toLowerCase();
}

/** Letters and digits only: `KP02;10` -> `KP0210`. */
function compact(text) {
  return text.replace(/[^0-9A-Za-z]/g, '');
}

/** The imprint's sides in reverse order, space-separated: `10 KP02`. */
function reversedSides(imprint) {
  return imprint.split(';').reverse().join(' ');
}

// The two Fuse.js configurations. `default`: keys imprint, shape and colour
// with Fuse's default options, as a developer would start. `tuned`: what
// the same developer would do after reading Fuse's docs and looking at
// imprints: match anywhere in the text (ignoreLocation), the imprint
// weighted above shape and colour, and extra imprint keys without
// separators (`KP0210`), with the sides reversed (`10 KP02`) and the
// database's known variant readings. The threshold stays at Fuse's 0.6:
// in trials on both workloads, 0.2, 0.3 and 0.4 all gave lower top-1
// accuracy, and so did fewer keys (no reversed sides, no variants).
export const FUSE_CONFIGS = {
  default: {
    record: (r) => r,
    options: { keys: ['imprint', 'shape', 'colour'] },
  },
  tuned: {
    record: (r) => ({
      ...r,
      imprint: r.imprint.replaceAll(';', ' '),
      compact: compact(r.imprint),
      reversed: reversedSides(r.imprint),
      variants: r.variants.map((v) => v.replaceAll(';', ' ')),
    }),
    options: {
      keys: [
        { name: 'imprint', weight: 3 },
        { name: 'compact', weight: 3 },
        { name: 'reversed', weight: 2 },
        { name: 'variants', weight: 1 },
        { name: 'shape', weight: 0.5 },
        { name: 'colour', weight: 0.5 },
      ],
      threshold: 0.6,
      ignoreLocation: true,
    },
  },
};

const now = () => performance.now();

/** Times `call` as described at the top; returns [ms per call, first result]. */
function sample(call) {
  const start = now();
  const first = call();
  let calls = 1;
  let end = now();
  while (end - start < SAMPLE_WINDOW_MS && calls < MAX_CALLS_PER_SAMPLE) {
    call();
    calls += 1;
    end = now();
  }
  return [(end - start) / calls, first];
}

let lastYield = now();
async function breathe() {
  if (now() - lastYield > YIELD_EVERY_MS) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    lastYield = now();
  }
}

function say(text) {
  window.benchProgress = text;
  const pre = document.getElementById('progress');
  if (pre) pre.textContent = text;
}

/** Every prefix of `text`, one character longer each: what a person typing
 * it shows the engine after each keystroke. */
function prefixes(text) {
  const chars = Array.from(text);
  return chars.map((_, k) => chars.slice(0, k + 1).join(''));
}

/** One engine over one workload: per-query samples and top-1 accuracy,
 * then per-keystroke samples. */
async function measure(engine, workload, label) {
  const { records, queries, keystrokeQueries } = workload;
  for (const q of queries.slice(0, WARMUP_QUERIES)) engine.top(q);
  const perQuery = [];
  const misses = [];
  let correct = 0;
  for (const [i, q] of queries.entries()) {
    const [ms, got] = sample(() => engine.top(q));
    perQuery.push(ms);
    // -2: pillid's first answer is a tablet of another medicine, which
    // the records (baclofen's) do not hold.
    const gotImprint = got >= 0 ? records[got].imprint : got === -2 ? 'another medicine' : null;
    if (gotImprint === q.expected) {
      correct += 1;
    } else if (misses.length < MISSES_KEPT) {
      misses.push({ query: searchText(q), expected: q.expected, got: gotImprint });
    }
    if (i % 10 === 0) say(`${label}: query ${i + 1}/${queries.length}`);
    await breathe();
  }
  const perKeystroke = [];
  for (const [i, q] of keystrokeQueries.entries()) {
    for (const text of prefixes(q.text)) {
      const typed = { ...q, text };
      perKeystroke.push(sample(() => engine.top(typed))[0]);
      await breathe();
    }
    say(`${label}: typing query ${i + 1}/${keystrokeQueries.length}`);
  }
  return { perQuery, perKeystroke, correct, total: queries.length, misses };
}

function pillidEngine(b) {
  return {
    name: 'pillid',
    top: (q) => b.identify_top(q.text, q.shape ?? '', q.colour ?? ''),
  };
}

function fuseEngine(name, records) {
  const config = FUSE_CONFIGS[name];
  const docs = records.map(config.record);
  const start = now();
  const fuse = new Fuse(docs, config.options);
  const prepareMs = now() - start;
  return {
    name: `fuse-${name}`,
    prepareMs,
    top: (q) => {
      const found = fuse.search(searchText(q), { limit: RESULTS_SHOWN });
      return found.length > 0 ? found[0].refIndex : -1;
    },
  };
}

/** All engines over one workload (Fuse.js only when `fuse`). pillid's
 * matcher is prepared by `preparePillid`, which returns its time. */
async function runWorkload(b, name, workload, preparePillid, fuse) {
  const engines = {};
  say(`${name}: preparing pillid`);
  const pillid = { ...pillidEngine(b), prepareMs: preparePillid() };
  // The first answer, before any warm-up: with the preparation, what a
  // person waits for after the data arrives.
  let start = now();
  pillid.top(workload.queries[0]);
  const firstMs = now() - start;
  engines.pillid = {
    prepareMs: pillid.prepareMs,
    firstMs,
    ...(await measure(pillid, workload, `${name} pillid`)),
  };
  for (const config of fuse ? Object.keys(FUSE_CONFIGS) : []) {
    say(`${name}: indexing for Fuse.js ${config}`);
    await breathe();
    const fuse = fuseEngine(config, workload.records);
    engines[fuse.name] = {
      prepareMs: fuse.prepareMs,
      ...(await measure(fuse, workload, `${name} ${fuse.name}`)),
    };
  }
  return {
    products: workload.records.length,
    queries: workload.queries.length,
    keystrokeQueries: workload.keystrokeQueries.length,
    keystrokes: workload.keystrokeQueries.reduce((n, q) => n + Array.from(q.text).length, 0),
    engines,
  };
}

/** A fixed piece of JavaScript work (integer arithmetic), timed: its
 * time under CPU throttling divided by its time without shows the
 * slow-down the page really got. */
function jsLoopMs() {
  const start = now();
  let x = 1;
  for (let i = 0; i < JS_LOOP_ITERATIONS; i += 1) x = (x * 31 + i) % 1000003;
  const ms = now() - start;
  window.benchSink = x;
  return ms;
}
/** Iterations of `jsLoopMs`: about 20 ms on a desktop CPU. */
const JS_LOOP_ITERATIONS = 4_000_000;
/** How often the other medicines' table is parsed and timed. */
const TABLE_PARSES = 5;

/** The plan comes from the runner:
 * { embedded: [{text, shape, colour, expected}], synthetic: {size, seed,
 *   querySeed, queries, keystrokeQueries} | null, fuse: false to run
 *   pillid alone } */
async function run(b, plan) {
  const fuse = plan.fuse !== false;
  const result = {
    crossOriginIsolated: window.crossOriginIsolated === true,
    userAgent: navigator.userAgent,
    fuseVersion: Fuse.version,
    sampleWindowMs: SAMPLE_WINDOW_MS,
    jsLoopMs: jsLoopMs(),
    otherMedicinesParseMs: [],
    workloads: {},
  };
  // The app's start parses the other medicines' table compiled into it
  // (data/other-medicines.tsv): timed alone, the first time and again.
  for (let i = 0; i < TABLE_PARSES; i += 1) {
    const start = now();
    b.parse_other_medicines();
    result.otherMedicinesParseMs.push(now() - start);
  }
  {
    // The embedded catalog and its matcher are parsed and prepared on
    // first use, inside load_embedded.
    const start = now();
    const records = JSON.parse(b.load_embedded());
    const loadMs = now() - start;
    const workload = { records, queries: plan.embedded, keystrokeQueries: plan.embedded };
    result.workloads.embedded = await runWorkload(b, 'embedded', workload, () => loadMs, fuse);
  }
  if (plan.synthetic) {
    const s = plan.synthetic;
    say(`synthetic: generating ${s.size} products`);
    await breathe();
    let start = now();
    b.load_synthetic(s.size, s.seed);
    const generateMs = now() - start;
    const records = JSON.parse(b.catalog_records());
    const queries = JSON.parse(b.synthetic_queries(s.queries, s.querySeed)).map(([text, index]) => ({
      text,
      expected: records[index].imprint,
    }));
    const workload = { records, queries, keystrokeQueries: queries.slice(0, s.keystrokeQueries) };
    result.workloads.synthetic = await runWorkload(b, 'synthetic', workload, () => {
      start = now();
      b.prepare_matcher();
      return now() - start;
    }, fuse);
    result.workloads.synthetic.generateMs = generateMs;
  }
  say('done');
  return result;
}

const bindings = new Promise((resolve) => {
  if (window.wasmBindings) {
    resolve(window.wasmBindings);
  } else {
    addEventListener('TrunkApplicationStarted', () => resolve(window.wasmBindings), { once: true });
  }
});

window.pillidBench = {
  /** Starts a run; the runner polls `benchProgress`, then reads
   * `benchResult` (or `benchError`). */
  start(plan) {
    window.benchResult = null;
    window.benchError = null;
    bindings
      .then((b) => run(b, plan))
      .then(
        (result) => {
          window.benchResult = result;
          document.getElementById('result').textContent = JSON.stringify(result.workloads, (k, v) =>
            Array.isArray(v) && typeof v[0] === 'number' ? `${v.length} samples` : v, 2);
        },
        (error) => {
          window.benchError = String(error && error.stack ? error.stack : error);
          say(`failed: ${window.benchError}`);
        },
      );
  },
};
bindings.then(() => {
  window.benchReady = true;
  say('ready');
});
