//! Installs what the commands need when it is missing, and only then.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::process::Command;

use crate::{Result, npm, output, root, run};

/// The wasm-pack release the tests are known to work with.
const WASM_PACK_VERSION: &str = "0.15.1";

/// Everything the tests need: the build's tools, and wasm-pack for the
/// bindings' browser and Node tests.
pub fn tools() -> Result {
    build_tools()?;
    wasm_pack()
}

/// Everything the page's build needs: the wasm32 target, the wasm-bindgen
/// CLI of the version in Cargo.lock, Node.js and the npm dev tools (wasm-opt).
/// Serving never runs wasm-pack, so a first `serve` does not build it.
pub fn build_tools() -> Result {
    wasm_target()?;
    wasm_bindgen_cli()?;
    node()?;
    npm_packages()
}

fn wasm_target() -> Result {
    let Some(installed) = output("rustup", &["target", "list", "--installed"]) else {
        // Without rustup the target must come with the toolchain; the build will say if not.
        return Ok(());
    };
    if installed.lines().any(|t| t.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The wasm-bindgen version Cargo.lock pins (the CLI must match it exactly).
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(version) = lines.next().and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(version.trim_matches('"').to_string());
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

fn wasm_bindgen_cli() -> Result {
    let version = wasm_bindgen_version()?;
    if output("wasm-bindgen", &["--version"]).as_deref() == Some(&format!("wasm-bindgen {version}"))
    {
        return Ok(());
    }
    eprintln!(
        "Installing wasm-bindgen-cli {version} (it must match Cargo.lock; a few minutes, once)"
    );
    // --locked can fail when the registry lacks a locked dependency; then resolve afresh.
    let install = |locked: bool| {
        let mut command = Command::new("cargo");
        command.args(["install", "wasm-bindgen-cli", "--version", &version]);
        if locked {
            command.arg("--locked");
        }
        run(&mut command)
    };
    install(true).or_else(|_| install(false))
}

fn wasm_pack() -> Result {
    if output("wasm-pack", &["--version"]).is_some() {
        return Ok(());
    }
    eprintln!("Installing wasm-pack {WASM_PACK_VERSION} (a few minutes, once)");
    run(Command::new("cargo").args([
        "install",
        "wasm-pack",
        "--version",
        WASM_PACK_VERSION,
        "--locked",
    ]))
}

fn node() -> Result {
    match output("node", &["--version"]) {
        Some(_) => Ok(()),
        None => {
            Err(format!("Node.js is missing: install it with `{}`", install_hint("nodejs npm")))
        }
    }
}

/// `npm ci` when node_modules does not match package-lock.json.
fn npm_packages() -> Result {
    npm_packages_in(".", &[])
}

/// `npm ci` in a folder of the repository when its node_modules does not
/// match its package-lock.json (a stamp file remembers the last install).
pub fn npm_packages_in(folder: &str, extra: &[&str]) -> Result {
    let dir = root().join(folder);
    let lock = std::fs::read(dir.join("package-lock.json"))
        .map_err(|e| format!("cannot read {folder}/package-lock.json: {e}"))?;
    let mut hasher = DefaultHasher::new();
    lock.hash(&mut hasher);
    let stamp = format!("{:x}", hasher.finish());
    let stamp_file = dir.join("node_modules").join(".xtask-npm-stamp");
    if std::fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp) {
        return Ok(());
    }
    run(npm().args(["ci", "--no-audit", "--no-fund"]).args(extra).current_dir(&dir))?;
    std::fs::write(&stamp_file, stamp)
        .map_err(|e| format!("cannot write {}: {e}", stamp_file.display()))
}

/// The command that installs Debian/Ubuntu (or macOS) packages.
fn install_hint(debian_packages: &str) -> String {
    if cfg!(target_os = "macos") {
        format!("brew install {}", debian_packages.replace("chromium-driver", "chromedriver"))
    } else if cfg!(windows) {
        "winget install OpenJS.NodeJS Hibbiki.Chromium".into()
    } else {
        format!("sudo apt-get install -y {debian_packages}")
    }
}

/// The first of `names` found on PATH.
fn find_on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        names.iter().find_map(|name| {
            let exe = if cfg!(windows) { format!("{name}.exe") } else { name.to_string() };
            let candidate = dir.join(exe);
            candidate.is_file().then_some(candidate)
        })
    })
}

/// The browser and driver for the browser tests: `(chromium, chromedriver)`.
pub fn browser() -> Result<(PathBuf, PathBuf)> {
    let chromium = std::env::var_os("CHROMIUM_PATH").map(PathBuf::from).or_else(|| {
        find_on_path(&[
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
            "chrome",
        ])
    });
    let Some(chromium) = chromium else {
        return Err(format!(
            "Chromium is missing: install it with `{}`",
            install_hint("chromium chromium-driver")
        ));
    };
    let Some(driver) = find_on_path(&["chromedriver"]) else {
        return Err(format!(
            "chromedriver is missing: install it with `{}`",
            install_hint("chromium-driver")
        ));
    };
    Ok((chromium, driver))
}
