//! The long-running page checks in headless Chromium: `monkey`, a seeded
//! random walk over every control, and `soak`, a million batches at the
//! largest network with memory and frame time watched.

use std::process::Command;

use crate::{Result, build, run, setup};

/// `--name value` pairs, each a whole number, from `allowed` names only.
fn numbers(args: &[String], allowed: &[&str], usage: &str) -> Result<Vec<(String, u64)>> {
    let mut out = Vec::new();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let name = flag.trim_start_matches("--");
        if !flag.starts_with("--") || !allowed.contains(&name) {
            return Err(format!("unexpected argument {flag}; usage: {usage}"));
        }
        let value = rest.next().ok_or_else(|| format!("{flag} needs a number; usage: {usage}"))?;
        let n = value.parse().map_err(|_| format!("{flag} {value}: expected a whole number"))?;
        out.push((name.to_string(), n));
    }
    Ok(out)
}

/// Builds the page and runs a node script of tests/e2e with `--name value` arguments.
fn page_script(script: &str, args: &[(String, u64)]) -> Result {
    build::wasm()?;
    let (chromium, _driver) = setup::browser()?;
    let mut node = Command::new("node");
    node.arg(script).env("CHROMIUM_PATH", chromium);
    for (name, value) in args {
        node.arg(format!("--{name}")).arg(value.to_string());
    }
    run(&mut node)
}

/// `cargo xtask monkey [--seed S] [--actions N]`: 2,000 random actions by default.
pub fn monkey(args: &[String]) -> Result {
    let usage = "cargo xtask monkey [--seed S] [--actions N]";
    page_script("tests/e2e/monkey.mjs", &numbers(args, &["seed", "actions"], usage)?)
}

/// `cargo xtask soak [--batches N]`: a million batches by default.
pub fn soak(args: &[String]) -> Result {
    let usage = "cargo xtask soak [--batches N]";
    page_script("tests/e2e/soak.mjs", &numbers(args, &["batches"], usage)?)
}
