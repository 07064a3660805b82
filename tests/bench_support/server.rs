//! The benchmark's static file server: like `tests/support/server.rs`
//! (whose path and MIME rules it reuses), plus what the benchmark needs.
//!
//! - A log of every request with the bytes sent, so that the size
//!   measurement counts exactly what the app's page downloaded (even if
//!   `dist/` is rebuilt meanwhile).
//! - Optionally the cross-origin isolation headers (COOP and COEP), which
//!   give the benchmark page a 5 µs clock instead of a 100 µs one.

use crate::support::server::{self, locked, resolve};
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Headers that make a page cross-origin isolated (`crossOriginIsolated`
/// is true), which is what lets `performance.now()` tick in 5 µs steps.
const ISOLATION_HEADERS: &str =
    "Cross-Origin-Opener-Policy: same-origin\r\nCross-Origin-Embedder-Policy: require-corp\r\n";

/// One request the server answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Served {
    /// The request target as sent (`/index.html?x=1`).
    pub target: String,
    /// The file it named and the bytes sent, when it existed.
    pub file: Option<(PathBuf, Arc<Vec<u8>>)>,
}

/// A running server. Dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Served>>>,
    task: JoinHandle<()>,
}

impl Server {
    /// Serves the files under `root` until dropped; with the cross-origin
    /// isolation headers when `isolated`.
    pub async fn start(root: &Path, isolated: bool) -> io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let root = Arc::new(root.to_path_buf());
        let log = Arc::new(Mutex::new(Vec::new()));
        let task = {
            let log = Arc::clone(&log);
            tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    let (root, log) = (Arc::clone(&root), Arc::clone(&log));
                    tokio::spawn(async move {
                        // A broken connection only concerns that request.
                        let _ = respond(stream, &root, isolated, &log).await;
                    });
                }
            })
        };
        Ok(Server { addr, log, task })
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Every request answered so far, in order.
    pub fn log(&self) -> Vec<Served> {
        locked(&self.log).clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The Content-Type for a file name: the app's rules, plus `.mjs` (Fuse.js
/// ships as `fuse.min.mjs`), which a module script must get as JavaScript.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("mjs") => "text/javascript; charset=utf-8",
        _ => server::content_type(path),
    }
}

async fn respond(
    mut stream: TcpStream,
    root: &Path,
    isolated: bool,
    log: &Mutex<Vec<Served>>,
) -> io::Result<()> {
    let Some((method, target)) = server::read_request(&mut stream).await? else {
        return Ok(());
    };
    let (method, target) = (method.as_str(), target.as_str());
    if method != "GET" && method != "HEAD" {
        let status = "405 Method Not Allowed";
        return send(&mut stream, status, "text/plain", b"", false, isolated).await;
    }
    let with_body = method == "GET";
    let file = match resolve(root, target) {
        Some(file) => tokio::fs::read(&file)
            .await
            .ok()
            .map(|body| (file, Arc::new(body))),
        None => None,
    };
    locked(log).push(Served {
        target: target.to_owned(),
        file: file.clone(),
    });
    match file {
        Some((file, body)) => {
            let kind = content_type(&file);
            send(&mut stream, "200 OK", kind, &body, with_body, isolated).await
        }
        None => {
            let status = "404 Not Found";
            send(
                &mut stream,
                status,
                "text/plain",
                b"not found",
                with_body,
                isolated,
            )
            .await
        }
    }
}

/// Writes one response, with the isolation headers when asked.
async fn send(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    with_body: bool,
    isolated: bool,
) -> io::Result<()> {
    let extra = if isolated { ISOLATION_HEADERS } else { "" };
    server::send_with_headers(stream, status, content_type, body, with_body, extra).await
}
