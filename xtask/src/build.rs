//! The optimised release build of the page's wasm, and the static site.

use std::path::Path;
use std::process::Command;

use crate::{Result, root, run, setup};

/// Builds the release wasm and its JS glue into `www/pkg/`.
pub fn wasm() -> Result {
    setup::build_tools()?;
    run(Command::new("cargo").args([
        "build",
        "--lib",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
    ]))?;
    let raw = root().join("target/wasm32-unknown-unknown/release/backprop_lab.wasm");
    let pkg = root().join("www/pkg");
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&pkg)
        .arg(&raw))?;
    // binaryen from npm: Debian's wasm-opt is too old to read this output.
    let wasm = pkg.join("backprop_lab_bg.wasm");
    run(Command::new("node")
        .arg(root().join("node_modules/binaryen/bin/wasm-opt"))
        .args([
            "-O3",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
        ])
        .args(["--enable-reference-types", "--enable-multivalue", "--enable-mutable-globals"])
        .arg("--enable-simd")
        .arg(&wasm)
        .arg("-o")
        .arg(&wasm))?;
    let bytes = std::fs::metadata(&wasm).map_err(|e| e.to_string())?.len();
    eprintln!("built www/pkg/backprop_lab_bg.wasm ({} KB)", bytes / 1024);
    vendor()
}

/// Copies the page's JS libraries from node_modules (pinned in package.json,
/// installed by `npm ci`) to `www/vendor/`, so the page loads them from its
/// own site, offline. Each is one self-contained ES module.
fn vendor() -> Result {
    let vendor = root().join("www/vendor");
    for (package, module, licence) in VENDORED {
        let from = root().join("node_modules").join(package);
        copy(&from.join(module), &vendor.join(format!("{package}.js")))?;
        copy(&from.join(licence), &vendor.join(format!("{package}.LICENSE.txt")))?;
    }
    Ok(())
}

/// (npm package, its ES module, its licence file): the QR code generator of the share dialog.
const VENDORED: [(&str, &str, &str); 1] = [("qr", "index.js", "LICENSE-MIT")];

/// Writes the page and everything it loads to `dist/`.
pub fn dist() -> Result {
    wasm()?;
    let dist = root().join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| format!("cannot clear dist/: {e}"))?;
    }
    copy(&root().join("index.html"), &dist.join("index.html"))?;
    copy_dir(&root().join("www"), &dist.join("www"))?;
    eprintln!("wrote {}: serve that folder from any static web host", dist.display());
    Ok(())
}

fn copy(from: &Path, to: &Path) -> Result {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::copy(from, to).map(|_| ()).map_err(|e| format!("cannot copy {}: {e}", from.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name();
        // Build-tool leftovers are not part of the site.
        if name == ".gitignore" || name == "package.json" {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(&name))?;
        } else {
            copy(&path, &to.join(&name))?;
        }
    }
    Ok(())
}
