//! Headless Chromium under ChromeDriver, driven with fantoccini.
//!
//! [`Browser::launch`] starts `chromedriver` on a free port and opens a
//! session in a fresh profile under `target/`. Dropping the [`Browser`]
//! kills ChromeDriver's whole process group and any Chromium still using
//! that profile, so nothing is left running when a test fails; a test that
//! passes calls [`Browser::close`] first to end the session politely.

use super::within;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::fs;
use std::io;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long ChromeDriver may take to listen on its port.
const DRIVER_START: Duration = Duration::from_secs(20);

/// How long Chromium may take to start and open the session. Generous: a
/// first start on a cold, busy two-core machine is slow.
const SESSION_START: Duration = Duration::from_secs(60);

/// How long one WebDriver command may take.
pub const COMMAND: Duration = Duration::from_secs(30);

/// How long the page may take to show what a test waits for (the wasm app
/// loading, an answer appearing).
pub const APPEAR: Duration = Duration::from_secs(20);

/// Pause between two looks at the page while waiting.
const POLL: Duration = Duration::from_millis(50);

/// Chromium flags: no sandbox (root in CI), no GPU, and none of the
/// background connections that this offline machine would refuse.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
];

/// Where the Debian packages put the programs; `PILLID_CHROMIUM` and
/// `PILLID_CHROMEDRIVER` override them.
const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";
const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Profiles made by this process, numbered so that two browsers in one test
/// run never share one.
static PROFILES: AtomicUsize = AtomicUsize::new(0);

/// The build's `target/` directory (integration tests know `target/tmp`).
pub fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

/// A headless Chromium with one WebDriver session.
pub struct Browser {
    client: Option<Client>,
    driver: Child,
    profile: PathBuf,
}

impl Browser {
    /// Starts ChromeDriver and Chromium with a viewport of `width` x
    /// `height` CSS pixels. Panics with what to install when either is
    /// missing.
    pub async fn launch(width: u32, height: u32) -> Browser {
        let chromium = program("PILLID_CHROMIUM", DEFAULT_CHROMIUM, "chromium");
        let chromedriver = program(
            "PILLID_CHROMEDRIVER",
            DEFAULT_CHROMEDRIVER,
            "chromium-driver",
        );
        let port = free_port().expect("no free port on 127.0.0.1 for chromedriver");
        let logs = target_dir().join("browser-logs");
        fs::create_dir_all(&logs).expect("cannot create target/browser-logs");
        let log_path = logs.join(format!("chromedriver-{}-{port}.log", std::process::id()));
        let log = fs::File::create(&log_path).expect("cannot create the chromedriver log");
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("cannot share the chromedriver log"))
            .stderr(log)
            // Its own process group, so that Drop can end it together with
            // the Chromium it starts.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {}: {e} (`make test` installs the Debian package \
                     chromium-driver; PILLID_CHROMEDRIVER overrides the path)",
                    chromedriver.display()
                )
            });
        let profile = target_dir().join("tmp").join(format!(
            "chromium-profile-{}-{}",
            std::process::id(),
            PROFILES.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&profile);
        fs::create_dir_all(&profile).expect("cannot create the Chromium profile directory");
        // From here on, Drop cleans up whatever happens.
        let mut browser = Browser {
            client: None,
            driver,
            profile,
        };
        browser.wait_for_driver(port, &log_path);

        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
        args.push(format!("--user-data-dir={}", browser.profile.display()));
        args.push(format!("--window-size={width},{height}"));
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": chromium, "args": args }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let client = within(
            &format!(
                "starting {} through chromedriver (log: {})",
                chromium.display(),
                log_path.display()
            ),
            SESSION_START,
            ClientBuilder::native().capabilities(caps).connect(&url),
        )
        .await;
        browser.client = Some(client);
        browser.set_viewport(width, height).await;
        browser
    }

    /// The WebDriver client.
    pub fn client(&self) -> &Client {
        self.client
            .as_ref()
            .expect("the browser session is open until close()")
    }

    /// Resizes the window so that the page's viewport is `width` x `height`
    /// CSS pixels, and checks that it is.
    pub async fn set_viewport(&self, width: u32, height: u32) {
        let c = self.client();
        within(
            "resizing the window",
            COMMAND,
            c.set_window_size(width, height),
        )
        .await;
        let inner: Value = within(
            "reading the viewport size",
            COMMAND,
            c.execute("return [window.innerWidth, window.innerHeight];", vec![]),
        )
        .await;
        let (w, h) = (
            inner[0].as_u64().unwrap_or(0),
            inner[1].as_u64().unwrap_or(0),
        );
        if (w, h) != (u64::from(width), u64::from(height)) {
            // Window decorations differ between modes: correct by the
            // difference once.
            let dw = u32::try_from(w).unwrap_or(width).abs_diff(width);
            let dh = u32::try_from(h).unwrap_or(height).abs_diff(height);
            within(
                "resizing the window",
                COMMAND,
                c.set_window_size(width + dw, height + dh),
            )
            .await;
        }
        let inner: Value = within(
            "reading the viewport size",
            COMMAND,
            c.execute("return window.innerWidth;", vec![]),
        )
        .await;
        assert_eq!(
            inner.as_u64(),
            Some(u64::from(width)),
            "the browser would not give the page a {width} px wide viewport"
        );
    }

    /// Waits until some element matching `css` has text that satisfies
    /// `want`, and returns that text. Panics after [`APPEAR`] with the last
    /// text seen.
    pub async fn wait_for_text(
        &self,
        css: &str,
        what: &str,
        want: impl Fn(&str) -> bool,
    ) -> String {
        let c = self.client();
        let deadline = Instant::now() + APPEAR;
        let mut seen: Vec<String> = Vec::new();
        loop {
            let elements = within(
                &format!("looking for {css}"),
                COMMAND,
                c.find_all(Locator::Css(css)),
            )
            .await;
            seen.clear();
            for element in elements {
                // An element replaced while being read is simply looked at
                // again on the next round.
                if let Ok(Ok(text)) = tokio::time::timeout(COMMAND, element.text()).await {
                    if want(&text) {
                        return text;
                    }
                    seen.push(text);
                }
            }
            if Instant::now() > deadline {
                panic!("waited {APPEAR:?} for {what} ({css}); the page showed: {seen:?}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Runs `script` in the page (a function body: `return` gives the
    /// result) and returns its result.
    pub async fn run(&self, script: &str) -> Value {
        within(
            &format!("running {script}"),
            COMMAND,
            self.client().execute(script, vec![]),
        )
        .await
    }

    /// Waits until the JavaScript expression `condition` is true in the
    /// page. Panics after [`APPEAR`], saying what was awaited and what
    /// `explain` (another expression) shows at that moment.
    pub async fn wait_until(&self, condition: &str, what: &str, explain: &str) {
        let deadline = Instant::now() + APPEAR;
        loop {
            let ok = self.run(&format!("return !!({condition});")).await;
            if ok.as_bool() == Some(true) {
                return;
            }
            if Instant::now() > deadline {
                let seen = self.run(&format!("return {explain};")).await;
                panic!("waited {APPEAR:?} for {what} ({condition}); the page showed: {seen}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) {
        let c = self.client();
        let element = within(
            &format!("finding {css}"),
            COMMAND,
            c.find(Locator::Css(css)),
        )
        .await;
        within(&format!("clicking {css}"), COMMAND, element.click()).await;
    }

    /// Sends a Chrome DevTools Protocol command through ChromeDriver and
    /// returns its result.
    pub async fn devtools(&self, cmd: &str, params: Value) -> Value {
        let command = DevTools {
            cmd: cmd.to_owned(),
            params,
        };
        within(
            &format!("DevTools command {cmd}"),
            COMMAND,
            self.client().issue_cmd(command),
        )
        .await
    }

    /// Saves a PNG of the viewport to `path` (creating its directory).
    pub async fn screenshot(&self, path: &Path) {
        let png = within("taking a screenshot", COMMAND, self.client().screenshot()).await;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).expect("cannot create the screenshot directory");
        }
        fs::write(path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }

    /// Ends the WebDriver session (Chromium quits), then stops ChromeDriver.
    pub async fn close(mut self) {
        if let Some(client) = self.client.take() {
            // If closing fails, Drop still kills everything.
            let _ = tokio::time::timeout(COMMAND, client.close()).await;
        }
    }

    fn wait_for_driver(&mut self, port: u16, log: &Path) {
        let deadline = Instant::now() + DRIVER_START;
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.driver.try_wait() {
                panic!(
                    "chromedriver exited ({status}) before listening on port {port}:\n{}",
                    fs::read_to_string(log).unwrap_or_default()
                );
            }
            if Instant::now() > deadline {
                panic!(
                    "chromedriver did not listen on port {port} within {DRIVER_START:?}:\n{}",
                    fs::read_to_string(log).unwrap_or_default()
                );
            }
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The client's connection dies with ChromeDriver; no need to close.
        self.client.take();
        let group = self.driver.id();
        // SIGKILL the whole group: ChromeDriver and the Chromium it started.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{group}")])
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        // Chromium processes that left the group still name our profile.
        for pid in processes_using(&self.profile) {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .stderr(Stdio::null())
                .status();
        }
        let _ = fs::remove_dir_all(&self.profile);
    }
}

/// A Chrome DevTools Protocol command, sent with ChromeDriver's
/// `goog/cdp/execute` extension.
#[derive(Debug)]
struct DevTools {
    cmd: String,
    params: Value,
}

impl WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Process ids whose command line mentions `profile` (the unique
/// `--user-data-dir` of one test browser).
fn processes_using(profile: &Path) -> Vec<u32> {
    let needle = profile.as_os_str().as_encoded_bytes();
    let me = std::process::id();
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| pid != me)
        .filter(|pid| {
            fs::read(format!("/proc/{pid}/cmdline"))
                .map(|cmd| cmd.windows(needle.len()).any(|w| w == needle))
                .unwrap_or(false)
        })
        .collect()
}

/// The program named by environment variable `var`, else `default` when it
/// exists, else `default`'s file name on PATH; panics naming the Debian
/// package to install.
fn program(var: &str, default: &str, package: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(var) {
        return PathBuf::from(path);
    }
    let default = Path::new(default);
    if default.is_file() {
        return default.to_path_buf();
    }
    let name = default.file_name().unwrap_or_default();
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "{} not found: run `make test` (it installs the Debian package {package}), \
                 or set {var} to its path",
                default.display()
            )
        })
}

/// A port nobody listens on right now.
fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port())
}
