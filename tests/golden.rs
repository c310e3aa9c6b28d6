//! The engine against PyTorch: every case in `tests/golden/` (and, when
//! `BACKPROP_GOLDEN_DIR` names a folder, every case there too) is recomputed
//! and compared number by number with the README's tolerance
//! |got − want| ≤ 1e-9 (1 + |want|).

use std::path::{Path, PathBuf};

use backprop_lab::{
    Activation, Gradients, Loss, Network, Optimizer, OptimizerState, Regularization, Schedule,
    Trace, Update,
};
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

/// Compares numbers and counts them; remembers the first mismatch.
#[derive(Default)]
struct Checker {
    values: usize,
    first_error: Option<String>,
}

impl Checker {
    fn number(&mut self, path: &str, got: f64, want: f64) {
        self.values += 1;
        let ok = (got - want).abs() <= TOLERANCE * (1.0 + want.abs());
        if !ok && self.first_error.is_none() {
            self.first_error = Some(format!("{path}: got {got:e}, want {want:e}"));
        }
    }

    fn shape(&mut self, path: &str, got: usize, want: usize) {
        if got != want && self.first_error.is_none() {
            self.first_error = Some(format!("{path}: got {got} values, want {want}"));
        }
    }

    /// Compares a flat `got` with a nested JSON array, element by element,
    /// naming each element by its full index path.
    fn rows(&mut self, path: &str, got: &[f64], want: &Value) {
        let count = flatten(want).len();
        self.shape(path, got.len(), count);
        if got.len() == count {
            let mut next = 0;
            self.walk(path.to_string(), got, want, &mut next);
        }
    }

    fn walk(&mut self, path: String, got: &[f64], want: &Value, next: &mut usize) {
        match want {
            Value::Array(items) => {
                for (k, item) in items.iter().enumerate() {
                    self.walk(format!("{path}[{k}]"), got, item, next);
                }
            }
            _ => {
                self.number(&path, got[*next], want.as_f64().expect("a number"));
                *next += 1;
            }
        }
    }
}

fn flatten(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(items) => items.iter().flat_map(flatten).collect(),
        Value::Number(n) => vec![n.as_f64().expect("a number")],
        other => panic!("expected numbers, found {other}"),
    }
}

fn usizes(v: &Value) -> Vec<usize> {
    v.as_array().expect("an array").iter().map(|n| n.as_u64().expect("a size") as usize).collect()
}

fn activation(name: &str) -> Activation {
    Activation::from_name(name).unwrap_or_else(|| panic!("unknown activation {name}"))
}

fn regularization(v: &Value) -> Regularization {
    let lambda = v["lambda"].as_f64().unwrap_or(0.0);
    match v["kind"].as_str().expect("regularization kind") {
        "none" => Regularization::NONE,
        "l1" => Regularization::l1(lambda),
        "l2" => Regularization::l2(lambda),
        other => panic!("unknown regularization {other}"),
    }
}

/// Flattens `[{W, b}]` into the engine's layout: all weights, then all biases.
fn flat_params(params: &Value) -> Vec<f64> {
    let layers = params.as_array().expect("params");
    let mut flat: Vec<f64> = layers.iter().flat_map(|p| flatten(&p["W"])).collect();
    flat.extend(layers.iter().flat_map(|p| flatten(&p["b"])));
    flat
}

/// The optimizer a golden run names, with its constants.
fn optimizer(name: &str, hyper: &Value) -> Optimizer {
    let get = |key: &str| hyper[key].as_f64().unwrap_or_else(|| panic!("{name}: no {key}"));
    match name {
        "sgd" => Optimizer::Sgd,
        "momentum" | "nesterov" => {
            let nesterov = hyper["nesterov"].as_bool().unwrap_or(name == "nesterov");
            if nesterov {
                assert_eq!(get("dampening"), 0.0, "PyTorch's Nesterov requires dampening 0");
                Optimizer::Nesterov { momentum: get("momentum") }
            } else {
                Optimizer::Momentum { momentum: get("momentum"), dampening: get("dampening") }
            }
        }
        "rmsprop" => Optimizer::Rmsprop { alpha: get("alpha"), eps: get("eps") },
        "adagrad" => Optimizer::Adagrad {
            eps: get("eps"),
            initial_accumulator_value: get("initial_accumulator_value"),
            lr_decay: get("lr_decay"),
        },
        "adam" => Optimizer::Adam { beta1: get("beta1"), beta2: get("beta2"), eps: get("eps") },
        "rprop" => Optimizer::Rprop {
            eta_minus: get("eta_minus"),
            eta_plus: get("eta_plus"),
            step_size_min: get("step_size_min"),
            step_size_max: get("step_size_max"),
        },
        other => panic!("unknown optimizer {other}"),
    }
}

/// Checks one case file: the number of values compared, and the first mismatch if any.
fn check_case(path: &Path) -> (usize, Option<String>) {
    match check_case_inner(path) {
        Ok(c) => (c.values, c.first_error.map(|e| format!("{}: {e}", path.display()))),
        Err(e) => (0, Some(e)),
    }
}

fn check_case_inner(path: &Path) -> Result<Checker, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let case: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = case["name"].as_str().unwrap_or("?").to_string();
    let sizes = usizes(&case["sizes"]);
    let activations: Vec<Activation> = case["activations"]
        .as_array()
        .expect("activations")
        .iter()
        .map(|a| activation(a.as_str().expect("an activation name")))
        .collect();
    let loss = Loss::from_name(case["loss"].as_str().expect("loss")).expect("a known loss");
    let reg = regularization(&case["regularization"]);
    let params = flat_params(&case["params"]);
    let network =
        Network::with_params(&sizes, &activations, params.clone()).map_err(|e| e.to_string())?;
    let layers = sizes.len() - 1;
    let mut trace = Trace::with_batch(network.layout(), &flatten(&case["X"]), &flatten(&case["Y"]))
        .map_err(|e| format!("{name}: {e}"))?;
    let mut c = Checker::default();
    let expected = &case["expected"];

    network.forward(&mut trace);
    for l in 0..layers {
        c.rows(&format!("expected.z[{l}]"), trace.z(l), &expected["z"][l]);
        c.rows(&format!("expected.a[{l}]"), trace.a(l), &expected["a"][l]);
    }
    let data = network.data_loss(&trace, loss);
    let penalty = reg.value(network.all_weights());
    c.number("expected.loss.data", data, expected["loss"]["data"].as_f64().unwrap());
    c.number("expected.loss.reg", penalty, expected["loss"]["reg"].as_f64().unwrap());
    c.number("expected.loss.total", data + penalty, expected["loss"]["total"].as_f64().unwrap());

    let mut grads = Gradients::new(network.layout(), trace.len());
    network.backward(&trace, loss, reg, &mut grads, true);
    for l in 0..layers {
        c.rows(&format!("expected.deltas[{l}]"), grads.grad_z(l), &expected["deltas"][l]);
        let layout = network.layout();
        c.rows(
            &format!("expected.grads[{l}].W"),
            &grads.grad_params()[layout.weights(l)],
            &expected["grads"][l]["W"],
        );
        c.rows(
            &format!("expected.grads[{l}].b"),
            &grads.grad_params()[layout.biases(l)],
            &expected["grads"][l]["b"],
        );
    }
    c.rows("expected.dX", grads.grad_inputs().expect("input gradients"), &expected["dX"]);

    if let Some(runs) = case["optimizers"]["runs"].as_object() {
        let steps = case["optimizers"]["steps"].as_u64().unwrap_or(3) as usize;
        for (opt_name, run) in runs {
            let lr = run["hyper"]["lr"].as_f64().expect("lr");
            let mut net = network.clone();
            let mut state = OptimizerState::new(optimizer(opt_name, &run["hyper"]), params.len());
            let mut update = Update::new(params.len());
            let losses = run["loss_total"].as_array().expect("loss_total");
            let mut t = trace.clone();
            for step in 0..steps {
                let total = backprop_lab::gradcheck::total_loss(&net, &mut t, loss, reg);
                c.number(
                    &format!("optimizers.runs.{opt_name}.loss_total[{step}]"),
                    total,
                    losses[step].as_f64().unwrap(),
                );
                net.backward(&t, loss, reg, &mut grads, false);
                let n_weights = net.layout().n_weights();
                let params = net.params_mut();
                state.step(params, grads.grad_params(), n_weights, reg, lr, &mut update);
                let want = flat_params(&run["params_after_step"][step]);
                c.rows(
                    &format!("optimizers.runs.{opt_name}.params_after_step[{step}]"),
                    net.params(),
                    &Value::from(want),
                );
            }
            let total = backprop_lab::gradcheck::total_loss(&net, &mut t, loss, reg);
            c.number(
                &format!("optimizers.runs.{opt_name}.loss_total[{steps}]"),
                total,
                losses[steps].as_f64().unwrap(),
            );
        }
    }
    if let Some(e) = c.first_error.take() {
        c.first_error = Some(format!("case {name}: {e}"));
    }
    Ok(c)
}

/// Checks a `schedules.json`; returns the number of values compared.
fn check_schedules(path: &Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let file: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let epochs = usizes(&file["epochs"]);
    let mut c = Checker::default();
    for s in file["schedules"].as_array().expect("schedules") {
        let name = s["name"].as_str().unwrap_or("?");
        let lr = s["lr"].as_f64().expect("lr");
        let f = |k: &str| s[k].as_f64().unwrap_or_else(|| panic!("schedule {name}: no {k}"));
        let u = |k: &str| s[k].as_u64().unwrap_or_else(|| panic!("schedule {name}: no {k}")) as u32;
        let schedule = match s["kind"].as_str().expect("kind") {
            "constant" => Schedule::Constant,
            "exponential" => Schedule::Exponential { gamma: f("gamma") },
            "step" => Schedule::Step { step_size: u("step_size"), gamma: f("gamma") },
            "cosine" => Schedule::Cosine { t_max: u("T_max"), eta_min: f("eta_min") },
            other => panic!("unknown schedule kind {other}"),
        };
        let values = flatten(&s["values"]);
        c.shape(&format!("schedules.{name}.values"), values.len(), epochs.len());
        for (&e, &want) in epochs.iter().zip(&values) {
            c.number(
                &format!("schedules.{name}.values[epoch {e}]"),
                schedule.learning_rate(lr, e as u64),
                want,
            );
        }
    }
    match c.first_error {
        None => Ok(c.values),
        Some(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// The case files of a folder: every `*.json` whose `format` is `mlp-golden/1`.
fn case_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| {
            std::fs::read_to_string(p)
                .ok()
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .is_some_and(|v| v["format"] == "mlp-golden/1")
                || p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("case_"))
        })
        .collect();
    files.sort();
    files
}

/// Checks a whole folder: its cases, its manifest (every listed file must be
/// there and pass) and its schedules. Returns (cases, values, failures).
fn check_folder(dir: &Path) -> (usize, usize, Vec<String>) {
    let mut failures = Vec::new();
    let files = case_files(dir);
    let manifest_path = dir.join("manifest.json");
    if manifest_path.exists() {
        let manifest: Value =
            serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap())
                .expect("manifest JSON");
        let listed = manifest["cases"].as_array().expect("manifest cases");
        for entry in listed {
            let file = entry["file"].as_str().expect("file");
            if !files.iter().any(|f| f.file_name().is_some_and(|n| n == file)) {
                failures
                    .push(format!("{}: manifest lists {file}, which is missing", dir.display()));
            }
        }
        if let Some(count) = manifest["count"].as_u64() {
            if (files.len() as u64) < count {
                failures.push(format!(
                    "{}: checked {} cases, the manifest lists {count}",
                    dir.display(),
                    files.len()
                ));
            }
        }
    }
    let mut values = 0;
    for file in &files {
        let (v, error) = check_case(file);
        values += v;
        failures.extend(error);
    }
    let schedules = dir.join("schedules.json");
    if schedules.exists() {
        match check_schedules(&schedules) {
            Ok(v) => values += v,
            Err(e) => failures.push(e),
        }
    }
    (files.len(), values, failures)
}

/// A plain `main` (the test has `harness = false`) so that the summary line
/// is printed on every run, not only when a test fails.
fn main() {
    if cfg!(target_arch = "wasm32") {
        // The golden files are read from disk: a native test only.
        return;
    }
    let public = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let (mut cases, mut values, mut failures) = check_folder(&public);
    if cases < 30 {
        failures.push(format!("only {cases} public golden cases found, expected 30"));
    }
    if let Some(extra) = std::env::var_os("BACKPROP_GOLDEN_DIR") {
        let (c, v, f) = check_folder(Path::new(&extra));
        if c == 0 {
            failures.push(format!(
                "BACKPROP_GOLDEN_DIR ({}) holds no golden case files",
                Path::new(&extra).display()
            ));
        }
        cases += c;
        values += v;
        failures.extend(f);
    }
    println!("golden: {cases} cases, {values} values checked");
    if !failures.is_empty() {
        eprintln!("{} golden failure(s):", failures.len());
        for failure in &failures {
            eprintln!("  {failure}");
        }
        std::process::exit(1);
    }
}
