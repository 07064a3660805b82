//! A tiny static file server for the built app (`dist/`), on 127.0.0.1 and
//! a free port, with the MIME types browsers insist on (`application/wasm`
//! for streaming compilation, `text/javascript` for modules). It logs every
//! request, so a test can prove that the page asked for nothing after it
//! loaded. It can also serve pages that are not in `dist/` (another site's
//! page beside the app, a page that frames it), send extra headers with
//! every response (those of `dist/_headers`, see [`host_headers`]), and
//! switch to another root while running (a new build deployed).

use std::io;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Longest request head accepted; a browser's GET is well under 2 KiB.
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// How long a connection may take to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// A running server. Dropping it stops it.
pub struct StaticServer {
    addr: SocketAddr,
    root: Arc<Mutex<PathBuf>>,
    missing: Arc<Mutex<Vec<String>>>,
    requests: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

/// What a server serves besides the files under its root.
#[derive(Clone, Debug, Default)]
pub struct Extras {
    /// Pages by path (`/other/page.html`), served before any file.
    pub pages: Vec<(String, String)>,
    /// Header lines sent with every response, each ending in `\r\n`.
    pub headers: String,
}

impl StaticServer {
    /// Serves the files under `root` until dropped.
    pub async fn start(root: &Path) -> io::Result<StaticServer> {
        StaticServer::start_with(root, Extras::default()).await
    }

    /// Serves the files under `root`, and `extras`, until dropped.
    pub async fn start_with(root: &Path, extras: Extras) -> io::Result<StaticServer> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let root = Arc::new(Mutex::new(root.to_path_buf()));
        let extras = Arc::new(extras);
        let missing = Arc::new(Mutex::new(Vec::new()));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let task = {
            let root = Arc::clone(&root);
            let missing = Arc::clone(&missing);
            let requests = Arc::clone(&requests);
            tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    // The root as it is when the connection comes.
                    let root = locked(&root).clone();
                    let extras = Arc::clone(&extras);
                    let missing = Arc::clone(&missing);
                    let requests = Arc::clone(&requests);
                    tokio::spawn(async move {
                        // A broken connection only concerns that request.
                        let _ = respond(stream, &root, &extras, &missing, &requests).await;
                    });
                }
            })
        };
        Ok(StaticServer {
            addr,
            root,
            missing,
            requests,
            task,
        })
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Serves the files under `root` from now on, as a host does once a
    /// new build is deployed. Requests already being answered finish
    /// from the old root.
    pub fn serve_from(&self, root: &Path) {
        *locked(&self.root) = root.to_path_buf();
    }

    /// Paths that were asked for but not found (a missing asset).
    pub fn missing(&self) -> Vec<String> {
        locked(&self.missing).clone()
    }

    /// Every request so far, as `METHOD target`, in order.
    pub fn requests(&self) -> Vec<String> {
        locked(&self.requests).clone()
    }

    /// Stops serving: the port is closed, as if the network were gone.
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The Content-Type for a file name.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file a request target names, or `None` when it tries to leave the
/// root (`..`, absolute paths) or is not plain UTF-8 text.
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let path = path.strip_prefix('/')?;
    let path = if path.is_empty() { "index.html" } else { path };
    let relative = Path::new(path);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    Some(root.join(relative))
}

/// The log behind `mutex`, even when a thread panicked while holding it: a
/// log that lost its entries would let "no request after load" pass.
pub fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn respond(
    mut stream: TcpStream,
    root: &Path,
    extras: &Extras,
    missing: &Mutex<Vec<String>>,
    requests: &Mutex<Vec<String>>,
) -> io::Result<()> {
    let Some((method, target)) = read_request(&mut stream).await? else {
        return Ok(());
    };
    let (method, target) = (method.as_str(), target.as_str());
    // A connection opened in advance and closed unused is no request.
    if !method.is_empty() {
        locked(requests).push(format!("{method} {target}"));
    }
    let headers = extras.headers.as_str();
    if method != "GET" && method != "HEAD" {
        let status = "405 Method Not Allowed";
        return send_with_headers(&mut stream, status, "text/plain", b"", false, headers).await;
    }
    let with_body = method == "GET";
    let path = target.split(['?', '#']).next().unwrap_or("");
    let page = extras.pages.iter().find(|(p, _)| p == path);
    let file = match (page, resolve(root, target)) {
        (Some((p, body)), _) => Some((PathBuf::from(p), body.clone().into_bytes())),
        (None, Some(file)) => tokio::fs::read(&file).await.ok().map(|body| (file, body)),
        (None, None) => None,
    };
    match file {
        Some((file, body)) => {
            let kind = content_type(&file);
            send_with_headers(&mut stream, "200 OK", kind, &body, with_body, headers).await
        }
        None => {
            locked(missing).push(target.to_owned());
            let status = "404 Not Found";
            let body = b"not found";
            send_with_headers(&mut stream, status, "text/plain", body, with_body, headers).await
        }
    }
}

/// The header lines a `_headers` file (Netlify and Cloudflare Pages
/// format) gives for every path (`/*`), each ending in `\r\n`, for
/// [`Extras::headers`]. Comments and other paths' rules are skipped.
pub fn host_headers(file: &str) -> String {
    let mut out = String::new();
    let mut for_all = false;
    for line in file.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            for_all = line.trim() == "/*";
        } else if for_all {
            out.push_str(line.trim());
            out.push_str("\r\n");
        }
    }
    out
}

/// Reads a request's head and returns its method and target, or `None`
/// when the client sends nothing in time. Shared with the benchmark's server.
pub async fn read_request(stream: &mut TcpStream) -> io::Result<Option<(String, String)>> {
    let head = match tokio::time::timeout(HEAD_TIMEOUT, read_head(stream)).await {
        Ok(head) => head?,
        Err(_) => return Ok(None),
    };
    let request_line = head.lines().next().unwrap_or("");
    let mut words = request_line.split(' ');
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    Ok(Some((method.to_owned(), target.to_owned())))
}

async fn read_head(stream: &mut TcpStream) -> io::Result<String> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await?;
        if n == 0 || head.len() + n > MAX_HEAD_BYTES {
            break;
        }
        head.extend_from_slice(&chunk[..n]);
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}

/// Writes one response, with extra header lines (each ending in `\r\n`),
/// and closes the connection. `with_body` is false for HEAD, which gets the
/// GET headers (same Content-Length) only. Nothing is cached (`no-store`),
/// so every load downloads every file again.
pub async fn send_with_headers(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    with_body: bool,
    extra_headers: &str,
) -> io::Result<()> {
    let length = body.len();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\n\
         Cache-Control: no-store\r\n{extra_headers}Connection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await?;
    if with_body {
        stream.write_all(body).await?;
    }
    stream.shutdown().await
}
