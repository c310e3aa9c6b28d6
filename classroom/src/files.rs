//! The page's files, as `cargo xtask serve` serves them: `/` is index.html;
//! only index.html, www/ and docs/, never a path that climbs out.

use std::path::{Component, Path, PathBuf};

use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// The file a URL path names under `root`, if the page may be served it.
pub fn file_for(root: &Path, path: &str) -> Option<PathBuf> {
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

pub async fn serve(root: PathBuf, uri: Uri) -> Response {
    let Some(path) = file_for(&root, uri.path()) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    match tokio::fs::read(&path).await {
        Ok(body) => (
            [(header::CONTENT_TYPE, content_type(&path)), (header::CACHE_CONTROL, "no-cache")],
            body,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
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
