//! The browser benchmark (`make bench`): pillid against Fuse.js 7 in one
//! headless Chromium, on the same records and the same queries.
//!
//! `make bench` builds the app (`dist/`) and the benchmark page
//! (`target/bench-dist/`, from `bench/`), then runs the ignored test
//! below, which:
//!
//! 1. loads the app from a fresh profile with `?imprint=kp02+10` and times
//!    the navigation to the first result card, then a few reloads, and
//!    adds up the gzipped size of every file the page downloaded;
//! 2. opens the benchmark page and has it run pillid (the app's matcher,
//!    compiled to WebAssembly) and two Fuse.js configurations over the
//!    embedded baclofen database with the queries of the matcher's
//!    specification table, then over a synthetic database of 100,000
//!    products with queries typed from it;
//! 3. prints the table and writes it into README.md's Benchmark section.
//!
//! Timings are printed and written down, never asserted. The plain tests
//! at the end check the helpers and run with `cargo test`.

mod support;

mod bench_support;

#[allow(dead_code)] // Only the rows and their expected first product are used here.
#[path = "common/spec_cases.rs"]
mod spec_cases;

use bench_support::report::{self, AppLoad, Machine, PageResult};
use bench_support::server::Server;
use bench_support::spec::{self, SpecQuery};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::browser::{target_dir, Browser, COMMAND};
use support::within;

/// Products in the synthetic database: the scale of a national pill
/// database. `PILLID_BENCH_SIZE` overrides it (0 skips the workload).
const SYNTHETIC_SIZE: usize = 100_000;

/// Seed of the synthetic database, and of its queries: the same as the
/// native benchmark (`benches/matcher.rs`), so the two can be compared.
const SYNTHETIC_SEED: u32 = 2026;
const QUERY_SEED: u32 = SYNTHETIC_SEED + 1;

/// Queries typed from the synthetic database, each timed and scored.
/// `PILLID_BENCH_QUERIES` overrides it.
const SYNTHETIC_QUERIES: usize = 200;

/// Of those, how many are also typed one character at a time (every prefix
/// timed). Fewer, because Fuse.js takes a large fraction of a second per
/// call at 100,000 products. `PILLID_BENCH_TYPED` overrides it.
const TYPED_QUERIES: usize = 40;

/// The query the cold load answers, as the address gives it.
const COLD_QUERY: &str = "?imprint=kp02+10";

/// Reloads timed after the cold load.
const RELOADS: usize = 5;

/// How long the app may take to show its first result.
const FIRST_RESULT_LIMIT: Duration = Duration::from_secs(30);

/// Time after the first result for the page's late requests (a service
/// worker caching files), so that the size counts them too.
const SETTLE: Duration = Duration::from_secs(2);

/// How long the whole benchmark run in the page may take.
const RUN_LIMIT: Duration = Duration::from_secs(60 * 60);

/// Pause between two looks at the page's progress.
const POLL: Duration = Duration::from_millis(1000);

/// Installed with DevTools (`Page.addScriptToEvaluateOnNewDocument`) for
/// the load measurement, so that it runs before the page's own scripts
/// without changing a byte the page downloads (and despite its Content
/// Security Policy): notes `performance.now()` (ms since the navigation
/// started) when the first `.result-card` enters the page. If the app does
/// not take the query from the address, it types it into `#imprint` as
/// soon as the app shows the input, the way the fastest person would.
const FIRST_RESULT_PROBE: &str = r#"(() => {
  const QUERY = 'kp02 10';
  let inputSeen = false;
  const observer = new MutationObserver(() => {
    if (window.__pillidFirstResult === undefined && document.querySelector('.result-card')) {
      window.__pillidFirstResult = performance.now();
      observer.disconnect();
      return;
    }
    const input = document.getElementById('imprint');
    if (input && !inputSeen) {
      inputSeen = true;
      setTimeout(() => {
        if (window.__pillidFirstResult === undefined && input.value === '') {
          window.__pillidTyped = true;
          input.value = QUERY;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
      }, 0);
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();"#;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A built directory with an index.html, or a panic saying how to build it.
fn built(dir: PathBuf, how: &str) -> PathBuf {
    assert!(
        dir.join("index.html").is_file(),
        "{} has no index.html: {how}",
        dir.display()
    );
    dir
}

fn env_number(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

/// The embedded workload's queries, as the page wants them.
fn embedded_plan(queries: &[SpecQuery]) -> Value {
    queries
        .iter()
        .map(|q| {
            json!({
                "text": q.text,
                "shape": q.shape.map(|s| s.spl_name()),
                "colour": q.colour.map(|c| c.spl_name()),
                "expected": q.expected,
            })
        })
        .collect()
}

/// The size of `bytes` compressed with `gzip -9`, as a server would send
/// them.
fn gzip_size(bytes: &[u8]) -> u64 {
    let mut gzip = Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run gzip: {e}"));
    let mut stdin = gzip.stdin.take().expect("gzip's stdin");
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = gzip.wait_with_output().expect("gzip did not finish");
    writer
        .join()
        .expect("the thread feeding gzip")
        .expect("cannot write to gzip");
    assert!(out.status.success(), "gzip -9 failed");
    out.stdout.len() as u64
}

async fn first_result_ms(browser: &Browser) -> Option<(f64, bool)> {
    let deadline = Instant::now() + FIRST_RESULT_LIMIT;
    loop {
        let seen = within(
            "reading the first-result time",
            COMMAND,
            browser.client().execute(
                "return [window.__pillidFirstResult ?? null, window.__pillidTyped === true];",
                vec![],
            ),
        )
        .await;
        if let Some(t) = seen[0].as_f64() {
            return Some((t, seen[1].as_bool().unwrap_or(false)));
        }
        if Instant::now() > deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Loads the app cold, then reloads it; sizes what it downloaded.
async fn measure_app(browser: &Browser, dist: &Path) -> AppLoad {
    let server = Server::start(dist, false)
        .await
        .expect("cannot serve dist/");
    let probe = browser
        .devtools(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": FIRST_RESULT_PROBE }),
        )
        .await;
    let url = format!("{}{COLD_QUERY}", server.url());
    let c = browser.client();
    within("opening the app", COMMAND, c.goto(&url)).await;
    let cold = first_result_ms(browser).await;
    if cold.is_none() {
        eprintln!(
            "warning: no .result-card within {FIRST_RESULT_LIMIT:?} of opening {url}: \
             the load time is not measured"
        );
    }
    tokio::time::sleep(SETTLE).await;
    let log = server.log();

    let mut reload_ms = Vec::new();
    for _ in 0..RELOADS {
        within("reloading the app", COMMAND, c.goto(&url)).await;
        if let Some((t, _)) = first_result_ms(browser).await {
            reload_ms.push(t);
        }
    }

    // The benchmark page that follows runs without the probe.
    browser
        .devtools(
            "Page.removeScriptToEvaluateOnNewDocument",
            json!({ "identifier": probe["identifier"] }),
        )
        .await;

    let mut seen = BTreeSet::new();
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for served in log {
        match served.file {
            Some((file, body)) if seen.insert(file.clone()) => {
                let name = file
                    .strip_prefix(dist)
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                files.push((name, body.len() as u64, gzip_size(&body)));
            }
            Some(_) => {}
            None => missing.push(served.target),
        }
    }
    files.sort();
    AppLoad {
        files,
        missing,
        cold_ms: cold.map_or(f64::NAN, |c| c.0),
        reload_ms,
        typed_by_harness: cold.is_some_and(|c| c.1),
    }
}

/// Runs the benchmark page with `plan` and returns its raw result.
async fn run_page(browser: &Browser, bench_dist: &Path, plan: Value) -> Value {
    let server = Server::start(bench_dist, true)
        .await
        .expect("cannot serve target/bench-dist/");
    let c = browser.client();
    within("opening the benchmark page", COMMAND, c.goto(&server.url())).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let ready = within(
            "waiting for the benchmark page",
            COMMAND,
            c.execute("return window.benchReady === true;", vec![]),
        )
        .await;
        if ready.as_bool() == Some(true) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the benchmark page did not load its WebAssembly module (missing: {:?})",
            server
                .log()
                .into_iter()
                .filter(|s| s.file.is_none())
                .map(|s| s.target)
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    within(
        "starting the benchmark",
        COMMAND,
        c.execute("window.pillidBench.start(arguments[0]);", vec![plan]),
    )
    .await;
    let started = Instant::now();
    let mut last = String::new();
    loop {
        let state = within(
            "reading the benchmark's progress",
            COMMAND,
            c.execute(
                "return [window.benchProgress ?? '', window.benchResult != null, window.benchError ?? null];",
                vec![],
            ),
        )
        .await;
        if let Some(error) = state[2].as_str() {
            panic!("the benchmark page failed: {error}");
        }
        let progress = state[0].as_str().unwrap_or("").to_owned();
        if progress != last {
            println!("  [{:>4}s] {progress}", started.elapsed().as_secs());
            last = progress;
        }
        if state[1].as_bool() == Some(true) {
            break;
        }
        assert!(
            started.elapsed() < RUN_LIMIT,
            "the benchmark did not finish within {RUN_LIMIT:?}"
        );
        tokio::time::sleep(POLL).await;
    }
    within(
        "reading the benchmark's result",
        COMMAND,
        c.execute("return window.benchResult;", vec![]),
    )
    .await
}

fn machine(browser: &Browser) -> Machine {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let date = Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let chromium = browser
        .client()
        .capabilities()
        .and_then(|c| c.get("browserVersion"))
        .and_then(Value::as_str)
        .unwrap_or("(unknown version)")
        .to_owned();
    Machine {
        date,
        cpus: std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu,
        chromium,
    }
}

/// What a benchmark run works on: the two builds, the specification's
/// queries, the synthetic workload (shrunk by the `PILLID_BENCH_*`
/// variables) and the plan the benchmark page runs.
struct Workload {
    dist: PathBuf,
    bench_dist: PathBuf,
    spec: spec::Spec,
    size: usize,
    queries: usize,
    typed: usize,
    /// True for the default workload: only then is README.md updated.
    defaults: bool,
    plan: serde_json::Value,
}

/// The workload of a run, with Fuse.js in the page's plan or not.
fn workload(fuse: bool) -> Workload {
    let dist = built(root().join("dist"), "build the app with `make dist`");
    let bench_dist = built(
        target_dir().join("bench-dist"),
        "build the benchmark page with `make bench`",
    );
    let spec = spec::queries();
    let size = env_number("PILLID_BENCH_SIZE", SYNTHETIC_SIZE);
    let queries = env_number("PILLID_BENCH_QUERIES", SYNTHETIC_QUERIES);
    let typed = env_number("PILLID_BENCH_TYPED", TYPED_QUERIES).min(queries);
    let defaults = (size, queries, typed) == (SYNTHETIC_SIZE, SYNTHETIC_QUERIES, TYPED_QUERIES);
    let plan = json!({
        "embedded": embedded_plan(&spec.queries),
        "synthetic": (size > 0).then(|| json!({
            "size": size,
            "seed": SYNTHETIC_SEED,
            "querySeed": QUERY_SEED,
            "queries": queries,
            "keystrokeQueries": typed,
        })),
        "fuse": fuse,
    });
    Workload {
        dist,
        bench_dist,
        spec,
        size,
        queries,
        typed,
        defaults,
        plan,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/, target/bench-dist/ and Chromium, and takes minutes: run by `make bench`"]
async fn pillid_and_fusejs_side_by_side() {
    let Workload {
        dist,
        bench_dist,
        spec,
        size,
        queries,
        typed,
        defaults,
        plan,
    } = workload(true);
    println!(
        "pillid vs Fuse.js: {} queries from tests/common/spec_cases.rs ({} rows without one right answer left out); \
         synthetic: {size} products, {queries} queries, {typed} typed key by key",
        spec.queries.len(),
        spec.skipped
    );

    let browser = Browser::launch(1280, 900).await;
    let machine = machine(&browser);
    println!("app: cold load and size");
    let app = measure_app(&browser, &dist).await;
    println!("benchmark page:");
    let raw = run_page(&browser, &bench_dist, plan).await;
    browser.close().await;

    let page: PageResult = serde_json::from_value(raw.clone())
        .unwrap_or_else(|e| panic!("the benchmark page's result is not as expected: {e}"));
    let table = report::markdown(&page, &app, &machine);
    println!("\n{}", report::misses(&page));
    println!("{table}");

    let out = target_dir().join("bench");
    fs::create_dir_all(&out).expect("cannot create target/bench");
    fs::write(out.join("report.md"), &table).expect("cannot write target/bench/report.md");
    fs::write(
        out.join("result.json"),
        serde_json::to_string(&raw).unwrap_or_default(),
    )
    .expect("cannot write target/bench/result.json");
    if defaults {
        let readme_path = root().join("README.md");
        let readme = fs::read_to_string(&readme_path).expect("cannot read README.md");
        let updated = report::splice(&readme, &table).unwrap_or_else(|e| panic!("{e}"));
        fs::write(&readme_path, updated).expect("cannot write README.md");
        println!("README.md: Benchmark section updated.");
    } else {
        println!("README.md left alone: PILLID_BENCH_* changed the workload from the default.");
    }
}

/// The CPU slow-downs of the slow-CPU benchmark and what each stands for:
/// Chromium's own presets (DevTools' "mid-tier mobile" is 4×, "low-tier
/// mobile" 6×), and this machine unthrottled for reference.
const CPU_THROTTLES: &[(f64, &str)] = &[
    (1.0, "this machine"),
    (report::MID_RANGE_RATE, "a mid-range phone"),
    (report::LOW_END_RATE, "a low-end phone"),
];

/// pillid alone (no Fuse.js) under CPU throttling, a fresh browser per
/// slow-down: the app's cold load, and the benchmark page on the shipped
/// database and on the synthetic one. `make bench` runs it after the
/// comparison with Fuse.js; `PILLID_BENCH_ONLY=slow_cpu make bench` runs it
/// alone. Writes its table into README.md between the bench-slow-cpu
/// markers (with the default workload).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/, target/bench-dist/ and Chromium, and takes minutes: run by `make bench`"]
async fn pillid_on_a_slow_cpu() {
    let Workload {
        dist,
        bench_dist,
        defaults,
        plan,
        ..
    } = workload(false);
    let mut runs = Vec::new();
    let mut machine_seen = None;
    for &(rate, stands_for) in CPU_THROTTLES {
        println!("CPU slowed down {rate}× ({stands_for}):");
        let browser = Browser::launch(1280, 900).await;
        // Set for the page's target, it holds across its navigations.
        browser
            .devtools("Emulation.setCPUThrottlingRate", json!({ "rate": rate }))
            .await;
        machine_seen.get_or_insert_with(|| machine(&browser));
        let app = measure_app(&browser, &dist).await;
        let raw = run_page(&browser, &bench_dist, plan.clone()).await;
        browser.close().await;
        let page: PageResult = serde_json::from_value(raw)
            .unwrap_or_else(|e| panic!("the benchmark page's result is not as expected: {e}"));
        runs.push(report::SlowCpuRun {
            rate,
            stands_for,
            app,
            page,
        });
    }
    let machine = machine_seen.expect("at least one CPU slow-down");
    let table = report::slow_cpu_markdown(&runs, &machine);
    println!("\n{table}");
    let out = target_dir().join("bench");
    fs::create_dir_all(&out).expect("cannot create target/bench");
    fs::write(out.join("slow-cpu.md"), &table).expect("cannot write target/bench/slow-cpu.md");
    if defaults {
        let readme_path = root().join("README.md");
        let readme = fs::read_to_string(&readme_path).expect("cannot read README.md");
        let updated = report::splice_between(
            &readme,
            report::SLOW_CPU_BEGIN,
            report::SLOW_CPU_END,
            &table,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        fs::write(&readme_path, updated).expect("cannot write README.md");
        println!("README.md: the slow-CPU table updated.");
    } else {
        println!("README.md left alone: PILLID_BENCH_* changed the workload from the default.");
    }
}

#[test]
fn the_spec_rows_with_a_right_answer_become_queries_with_their_picks() {
    use pillid::vocab::{Color, Shape};
    use spec_cases::{typed, Case, Expect::*};
    let cases = [
        typed("kp02 10", Match("KP02;10")),
        Case {
            shape: Some(Shape::Round),
            color: Some(Color::White),
            ..typed("N029", Match("N029"))
        },
        typed("KP20 10", Possible("KP02;10")),
        Case {
            color: Some(Color::Yellow),
            ..typed("N029", First("N029"))
        },
        typed("N0", Ambiguous(&["N029", "N030"])),
        typed("M 367", NoMatch),
    ];
    let spec = spec::from_cases(&cases);
    let query = |text, shape, colour, expected| SpecQuery {
        text,
        shape,
        colour,
        expected,
    };
    assert_eq!(
        spec.queries,
        [
            query("kp02 10", None, None, "KP02;10"),
            query("N029", Some(Shape::Round), Some(Color::White), "N029"),
            query("KP20 10", None, None, "KP02;10"),
            query("N029", None, Some(Color::Yellow), "N029"),
        ]
    );
    assert_eq!(spec.skipped, 2, "ambiguous and no-match rows are left out");
}

#[test]
fn median_and_nearest_rank_percentile() {
    let samples: Vec<f64> = (1..=20).map(f64::from).collect();
    assert_eq!(report::median(&samples), 10.5);
    assert_eq!(report::percentile(&samples, 95.0), 19.0);
    assert_eq!(report::percentile(&samples, 100.0), 20.0);
    assert_eq!(report::median(&[3.0, 1.0, 2.0]), 2.0);
    assert_eq!(report::percentile(&[5.0], 95.0), 5.0);
    assert!(report::median(&[]).is_nan());
}

#[test]
fn the_readme_table_is_replaced_between_its_markers_only() {
    let readme = "# x\n\n## Benchmark\n\nintro\n\n<!-- bench:begin generated -->\nold\nrows\n<!-- bench:end -->\n\n## Next\n";
    let new = report::splice(readme, "new table\n").unwrap();
    assert_eq!(
        new,
        "# x\n\n## Benchmark\n\nintro\n\n<!-- bench:begin generated -->\nnew table\n<!-- bench:end -->\n\n## Next\n"
    );
    assert_eq!(report::splice(&new, "new table").unwrap(), new);
    assert!(report::splice("# no markers\n", "t").is_err());
}

#[test]
fn modules_are_served_as_javascript() {
    use bench_support::server::content_type;
    assert!(content_type(Path::new("fuse.min.mjs")).starts_with("text/javascript"));
    assert_eq!(content_type(Path::new("a_bg.wasm")), "application/wasm");
}

#[test]
fn numbers_are_written_for_people() {
    assert_eq!(report::thousands(100_000), "100,000");
    assert_eq!(report::thousands(999), "999");
    assert_eq!(report::ms(0.01234), "0.012");
    assert_eq!(report::ms(1.234), "1.23");
    assert_eq!(report::ms(123.4), "123");
}

#[test]
fn the_report_says_which_targets_are_met_and_by_how_much_others_are_missed() {
    let run = |ms: f64, correct: usize| {
        json!({
            "prepareMs": 1.0, "perQuery": [ms, ms], "perKeystroke": [ms, ms],
            "correct": correct, "total": 10, "misses": [],
        })
    };
    let page: PageResult = serde_json::from_value(json!({
        "crossOriginIsolated": true,
        "fuseVersion": "7.1.0",
        "workloads": {
            "embedded": {
                "products": 21, "queries": 10, "keystrokes": 20, "keystrokeQueries": 10,
                "engines": {
                    "pillid": run(0.5, 10),
                    "fuse-default": run(0.2, 8),
                    "fuse-tuned": run(0.3, 9),
                },
            },
            "synthetic": {
                "products": 100_000, "queries": 10, "keystrokes": 20, "keystrokeQueries": 2,
                "engines": {
                    "pillid": run(20.0, 7),
                    "fuse-default": run(50.0, 7),
                    "fuse-tuned": run(400.0, 6),
                },
            },
        },
    }))
    .unwrap();
    let app = AppLoad {
        files: vec![("app_bg.wasm".into(), 600_000, 260_000)],
        missing: Vec::new(),
        cold_ms: 250.0,
        reload_ms: vec![60.0],
        typed_by_harness: false,
    };
    let machine = Machine {
        date: "2026-01-01".into(),
        cpus: 2,
        cpu: "Test CPU".into(),
        chromium: "1.2.3".into(),
    };
    let md = report::markdown(&page, &app, &machine);
    let line = |start: &str| {
        md.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line starting {start:?} in:\n{md}"))
            .to_owned()
    };
    assert!(md.starts_with("Measured 2026-01-01 by `make bench` on 2 × Test CPU, Chromium 1.2.3"));
    assert!(line("| p95 per keystroke < 1.00 ms, embedded").ends_with("| 0.50 ms | met |"));
    assert!(
        line("| p95 per keystroke < 16.0 ms, 100,000").contains("**missed** (4.00 ms over, 25%)")
    );
    // The faster Fuse.js configuration (50 ms) is only 2.5× slower.
    assert!(line("| ≥ 5× faster").contains("2.5× / 2.5× | **missed** (2.5× short)"));
    assert!(
        line("| higher top-1 accuracy than Fuse.js, embedded").ends_with("10/10 vs 9/10 | met |")
    );
    assert!(line("| higher top-1 accuracy than Fuse.js, synthetic")
        .ends_with("7/10 vs 7/10 | **missed** (not higher) |"));
    assert!(line("| app download < 250 KB gzip").contains("**missed** (10.0 KB over)"));
    assert!(line("| embedded | Fuse.js default |").contains("2.50 (2.5× slower)"));
    assert!(line("| synthetic | Fuse.js tuned |").contains("0.050 (20× faster)"));
}

#[test]
fn the_slow_cpu_report_says_what_each_slow_down_stands_for_and_which_targets_are_met() {
    let page = |keystroke_ms: f64| -> PageResult {
        let run = json!({
            "prepareMs": 100.0, "firstMs": 20.0, "perQuery": [keystroke_ms],
            "perKeystroke": [keystroke_ms, keystroke_ms], "correct": 1, "total": 1, "misses": [],
        });
        let workload = |products: usize| {
            json!({
                "products": products, "queries": 1, "keystrokes": 2, "keystrokeQueries": 1,
                "engines": { "pillid": run },
            })
        };
        serde_json::from_value(json!({
            "crossOriginIsolated": true,
            "fuseVersion": "7.1.0",
            "jsLoopMs": 80.0,
            "otherMedicinesParseMs": [50.0, 30.0, 40.0],
            "workloads": { "embedded": workload(21), "synthetic": workload(100_000) },
        }))
        .unwrap()
    };
    let app = |cold_ms: f64| AppLoad {
        files: Vec::new(),
        missing: Vec::new(),
        cold_ms,
        reload_ms: vec![cold_ms / 2.0],
        typed_by_harness: false,
    };
    let runs = [
        report::SlowCpuRun {
            rate: 4.0,
            stands_for: "a mid-range phone",
            app: app(700.0),
            page: page(20.0),
        },
        report::SlowCpuRun {
            rate: 6.0,
            stands_for: "a low-end phone",
            app: app(1200.0),
            page: page(10.0),
        },
    ];
    let machine = Machine {
        date: "2026-01-01".into(),
        cpus: 2,
        cpu: "Test CPU".into(),
        chromium: "1.2.3".into(),
    };
    let md = report::slow_cpu_markdown(&runs, &machine);
    let line = |start: &str| {
        md.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line starting {start:?} in:\n{md}"))
            .to_owned()
    };
    assert_eq!(
        line("| 6× |"),
        "| 6× | a low-end phone | 80.0 | 1200 | 600 | 10.0 | 10.0 | 120 | 10.0 | 10.0 | 50.0 / 35.0 |"
    );
    assert!(md.contains("100,000 products: matcher built + first answer"));
    assert!(
        line("| 6× (a low-end phone): p95 per keystroke").ends_with("shipped DB | 10.0 ms | met |")
    );
    assert!(line("| 6× (a low-end phone): first result cold")
        .ends_with("| 1200 ms | **missed** (200 ms over) |"));
    assert!(line("| 4× (a mid-range phone): p95 per keystroke")
        .ends_with("100,000 products | 20.0 ms | **missed** (4.00 ms over) |"));
}
