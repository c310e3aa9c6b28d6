//! `cargo xtask classroom`: builds the page as `serve` does, then runs the
//! classroom server (the `classroom` crate) over the repository's page files.

use std::process::Command;

use crate::{Result, build, root, run};

const USAGE: &str = "usage: cargo xtask classroom [--port N] [--host H] [--expiry MINUTES]";

/// Checks the options here, so a typo is named before the long build.
fn options(args: &[String]) -> Result<Vec<String>> {
    let mut pairs = args.chunks(2);
    let mut passed = Vec::new();
    for pair in pairs.by_ref() {
        match pair {
            [flag, value] if ["--port", "--host", "--expiry"].contains(&flag.as_str()) => {
                passed.extend([flag.clone(), value.clone()]);
            }
            _ => return Err(format!("unexpected arguments {pair:?}; {USAGE}")),
        }
    }
    Ok(passed)
}

pub fn classroom(args: &[String]) -> Result {
    let passed = options(args)?;
    build::wasm()?;
    let root = root();
    run(Command::new("cargo")
        .args(["run", "--release", "--quiet", "-p", "classroom", "--bin", "classroom", "--"])
        .arg("--root")
        .arg(&root)
        .args(passed))
}

/// The load benchmark: simulated students in one room on 127.0.0.1.
pub fn bench(args: &[String]) -> Result {
    run(Command::new("cargo")
        .args(["run", "--release", "--quiet", "-p", "classroom", "--bin", "classroom-bench", "--"])
        .args(args))
}
