//! A static file server for the page, on 127.0.0.1 only.

use std::path::{Component, Path, PathBuf};

use crate::{Result, build, root};

/// The port from `--port N` (8000 by default).
pub fn port(args: &[String]) -> Result<u16> {
    match args {
        [] => Ok(8000),
        [flag, value] if flag == "--port" => value
            .parse()
            .map_err(|_| format!("--port {value}: expected a port number from 1 to 65535")),
        _ => Err(format!("unexpected arguments {args:?}; usage: cargo xtask serve [--port N]")),
    }
}

/// Builds the page and serves the repository's page files until interrupted.
pub fn serve(port: u16) -> Result {
    build::wasm()?;
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
        format!("cannot listen on 127.0.0.1:{port}: {e} (try --port with another number)")
    })?;
    println!("Backprop Lab is at http://127.0.0.1:{port}/  (Ctrl-C stops the server)");
    let root = root();
    for request in server.incoming_requests() {
        let response = match file_for(&root, request.url()) {
            Some(path) => match std::fs::read(&path) {
                Ok(body) => tiny_http::Response::from_data(body)
                    .with_header(header("Content-Type", content_type(&path)))
                    .with_header(header("Cache-Control", "no-cache")),
                Err(_) => not_found(),
            },
            None => not_found(),
        };
        // A client that went away is not the server's problem.
        let _ = request.respond(response);
    }
    Ok(())
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

fn not_found() -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string("not found").with_status_code(404)
}

/// The file a URL path names: `/` is index.html; only the page's own files
/// (index.html, www/, docs/) are served, never a path that climbs out.
pub fn file_for(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let path = if path == "/" { "/index.html" } else { path };
    let relative = Path::new(path.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let allowed = relative == Path::new("index.html")
        || relative.starts_with("www")
        || relative.starts_with("docs");
    let file = root.join(relative);
    (allowed && file.is_file()).then_some(file)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("md") => "text/markdown; charset=utf-8",
        _ => "application/octet-stream",
    }
}
