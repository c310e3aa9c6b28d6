//! `cargo xtask bench`: backprop-lab in wasm against brain.js, ConvNetJS and
//! TensorFlow.js on the workloads of the performance notes, the same engine
//! natively (criterion) for the wasm/native ratio, the wasm's size, and, in
//! headless Chromium, the page's frame work, its CSV import (100,000 × 100
//! parsed; files past the limits) and its time to 95 % test accuracy on digits.

use std::process::Command;

use crate::{Result, build, root, run, setup};

/// The native workloads criterion measures: (bench id, examples per iteration).
const NATIVE: [(&str, &str, u64); 5] = [
    ("W1", "train/W1", 250),
    ("W2", "train/W2", 250),
    ("W3", "train/W3", 2000),
    ("W4", "train/W4", 1438),
    ("G", "grid_G", 0),
];

pub fn bench(args: &[String]) -> Result {
    let json = args.iter().any(|a| a == "--json");
    let quick = args.iter().any(|a| a == "--quick");
    if let Some(other) = args.iter().find(|a| *a != "--json" && *a != "--quick") {
        return Err(format!(
            "unexpected argument {other}; usage: cargo xtask bench [--json] [--quick]"
        ));
    }
    build::wasm()?;
    setup::browser()?;
    setup::npm_packages_in("bench", &["--ignore-scripts"])?;

    // The same engine natively; criterion's report goes to stderr so that
    // with --json stdout holds the JSON alone.
    let time = if quick { "1" } else { "3" };
    eprintln!("$ cargo bench --bench train (native)");
    let out = Command::new("cargo")
        .args([
            "bench",
            "--bench",
            "train",
            "--",
            "--warm-up-time",
            "1",
            "--measurement-time",
            time,
            "--noplot",
        ])
        .current_dir(root())
        .output()
        .map_err(|e| format!("could not start cargo bench: {e}"))?;
    eprint!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        return Err("cargo bench failed".into());
    }
    let native = native_results()?;
    let native_file = root().join("target").join("bench-native.json");
    std::fs::write(&native_file, native.to_string()).map_err(|e| e.to_string())?;

    let mut node = Command::new("node");
    node.arg("bench/run.mjs").arg("--native").arg(&native_file).arg("--frame").arg("--data");
    if json {
        node.arg("--json");
    }
    if quick {
        node.arg("--quick");
    }
    run(&mut node)
}

/// criterion's medians as `{"W1": {"examples_per_s": …}, …, "G": {"ms": …}}`.
fn native_results() -> Result<serde_json::Value> {
    let mut results = serde_json::Map::new();
    for (id, path, examples) in NATIVE {
        let file = root().join("target/criterion").join(path).join("new/estimates.json");
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let estimates: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let nanoseconds = estimates["median"]["point_estimate"]
            .as_f64()
            .ok_or_else(|| format!("{}: no median", file.display()))?;
        let value = if examples > 0 {
            serde_json::json!({ "examples_per_s": examples as f64 / (nanoseconds * 1e-9) })
        } else {
            serde_json::json!({ "ms": nanoseconds * 1e-6 })
        };
        results.insert(id.to_string(), value);
    }
    Ok(results.into())
}
