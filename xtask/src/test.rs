//! Every check, in the order that fails fastest.

use std::process::Command;

use crate::{Result, build, npm, root, run, setup};

pub fn test() -> Result {
    setup::tools()?;
    let (chromium, _driver) = setup::browser()?;
    run(Command::new("cargo").args(["fmt", "--all", "--", "--check"]))?;
    // The page's JavaScript: Biome's lint and format check, then its unit tests in
    // Node (on the optimised build: some check the page against the engine's catalog).
    run(npm().args(["run", "lint"]))?;
    build::wasm()?;
    run(npm().args(["run", "unit"]))?;
    run(Command::new("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(Command::new("cargo").args([
        "clippy",
        "--lib",
        "--tests",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    // Native: the core, the golden vectors, finite differences, training.
    run(Command::new("cargo").args(["test", "--workspace"]))?;
    // The bindings in a real browser and in Node.
    run(Command::new("wasm-pack").args(["test", "--headless", "--chrome"]))?;
    run(Command::new("wasm-pack").args(["test", "--node", "--test", "node"]))?;
    // The page, end to end, on the optimised build; the classroom's test starts the classroom server.
    run(Command::new("cargo").args(["build", "-p", "classroom", "--bin", "classroom"]))?;
    run(Command::new("node").arg("tests/determinism.mjs"))?;
    run(npm().args(["run", "e2e"]).env("CHROMIUM_PATH", &chromium))?;
    eprintln!("all checks passed; screenshots are in {}", root().join("target/e2e").display());
    Ok(())
}
