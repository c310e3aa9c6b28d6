//! `cargo xtask <command>`: Backprop Lab's developer commands, the same on
//! Linux, macOS and Windows. Each installs what it needs when it is missing
//! (idempotently) and says in one line how to install what it cannot.

mod bench;
mod build;
mod classroom;
mod long;
mod serve;
mod setup;
mod test;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

const HELP: &str = "\
Backprop Lab's developer commands

  cargo xtask serve [--port N]   set up, build the optimised wasm, serve the page on
                                 http://127.0.0.1:8000 (or port N)
  cargo xtask classroom [--port N] [--host H] [--expiry MINUTES]
                                 build the page and run the classroom server: it
                                 serves the page on the LAN (0.0.0.0:8080 by default)
                                 and hosts rooms in memory; rooms expire MINUTES
                                 (default 30) after their teacher leaves
  cargo xtask classroom-bench [--students N] [--steps S]
                                 the classroom's load benchmark: N simulated students
                                 (default 200) in one room on 127.0.0.1 follow S teacher
                                 steps (default 40) and answer; delays, tally, memory
  cargo xtask test               every check: rustfmt, clippy (native and wasm32),
                                 cargo test (golden vectors included), the wasm tests
                                 in headless Chromium and Node, native/wasm
                                 determinism, and the end-to-end page tests
  cargo xtask dist               write a self-contained static site to dist/
  cargo xtask fuzz [CASES]       every parser (config JSON and setup files, links, CSV)
                                 on CASES seeded random and mutated inputs each
                                 (default 1000000; `cargo xtask test` runs 10000)
  cargo xtask bench [--json]     the speed benchmark: backprop-lab (wasm) against
                                 brain.js, ConvNetJS and TensorFlow.js side by side,
                                 the engine natively (wasm/native), the wasm's size
                                 and the page's frame work in headless Chromium;
                                 --json prints one JSON object last; --quick is rough
  cargo xtask monkey [--seed S] [--actions N]
                                 a seeded random walk of N actions (default 2000) over
                                 every control, key, mode, the inspector, the timeline
                                 and resizing, checking the page after each
  cargo xtask soak [--batches N] N batches (default 1000000) at the largest network:
                                 memory, the timeline's budget and the frame time held
  cargo xtask help               this text
";

/// The repository's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .into()
}

/// What a step failed with, for the user.
pub type Result<T = ()> = std::result::Result<T, String>;

/// Runs a command in the repository root, echoing it; fails if it fails.
pub fn run(command: &mut Command) -> Result {
    let shown = format!(
        "{} {}",
        command.get_program().to_string_lossy(),
        command.get_args().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" ")
    );
    eprintln!("$ {shown}");
    if command.get_current_dir().is_none() {
        command.current_dir(root());
    }
    let status = command.status().map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`{shown}` failed ({status})")) }
}

/// The output of a command, or `None` if it cannot run or fails.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).current_dir(root()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `npm` and `npx` are batch files on Windows.
pub fn npm() -> Command {
    Command::new(if cfg!(windows) { "npm.cmd" } else { "npm" })
}

/// The parsers' property tests with many more cases, optimised.
fn fuzz(args: &[String]) -> Result {
    let cases = match args.first() {
        None => 1_000_000,
        Some(n) => n.parse::<u64>().map_err(|_| format!("`{n}` is not a number of cases"))?,
    };
    eprintln!("fuzzing every parser with {cases} cases each");
    run(Command::new("cargo")
        .args(["test", "--release", "--test", "fuzz", "--", "--nocapture"])
        .env("PROPTEST_CASES", cases.to_string()))?;
    // The lesson files are read by the page's JavaScript.
    run(Command::new("node")
        .args(["--test", "tests/js/lessons-fuzz.test.mjs"])
        .env("FUZZ_CASES", cases.to_string()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("serve") => serve::port(&args[1..]).and_then(serve::serve),
        Some("classroom") => classroom::classroom(&args[1..]),
        Some("classroom-bench") => classroom::bench(&args[1..]),
        Some("test") => test::test(),
        Some("dist") => build::dist(),
        Some("fuzz") => fuzz(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("monkey") => long::monkey(&args[1..]),
        Some("soak") => long::soak(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
