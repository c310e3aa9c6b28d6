//! A trained network as code a class can run: a self-contained Python
//! script, with NumPy alone or with PyTorch, that rebuilds the same network
//! with the same weights and prints its predictions on the data. Numbers are
//! written so that Python reads back the very same f64s.

use std::fmt::Write;

use crate::activation::LEAKY_SLOPE;
use crate::optimizer::Optimizer;
use crate::session::Session;

/// Which Python the script is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Python {
    NumPy,
    PyTorch,
}

impl Python {
    /// `"numpy"` or `"pytorch"`.
    pub fn from_name(name: &str) -> Option<Python> {
        match name {
            "numpy" => Some(Python::NumPy),
            "pytorch" => Some(Python::PyTorch),
            _ => None,
        }
    }
}

/// A list of numbers as Python writes it: `[0.5, -1.25]`.
fn list(values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|v| number(*v)).collect();
    format!("[{}]", items.join(", "))
}

/// A number Python reads back exactly (Rust writes the shortest round trip).
fn number(v: f64) -> String {
    if v.is_finite() {
        let text = v.to_string();
        if text.contains(['.', 'e', 'E']) { text } else { format!("{text}.0") }
    } else if v.is_nan() {
        "float('nan')".into()
    } else if v > 0.0 {
        "float('inf')".into()
    } else {
        "float('-inf')".into()
    }
}

/// Rows of `width` numbers, one per line.
fn rows(values: &[f64], width: usize, indent: &str) -> String {
    let mut out = String::from("[\n");
    for row in values.chunks(width.max(1)) {
        let _ = writeln!(out, "{indent}    {},", list(row));
    }
    let _ = write!(out, "{indent}]");
    out
}

/// How the weights were trained, in words.
fn trained_by(optimizer: Optimizer, learning_rate: f64) -> String {
    match optimizer {
        Optimizer::Cg { c1, c2 } => format!(
            "full-batch conjugate gradient (Polak-Ribiere+, strong Wolfe line search, c1 {c1}, c2 {c2}, first trial step {learning_rate})"
        ),
        Optimizer::Evolution { sigma, pairs } => format!(
            "an evolution strategy ({pairs} antithetic pairs of perturbations, sigma {sigma}) at learning rate {learning_rate}"
        ),
        other => format!("{} at learning rate {learning_rate}", other.name()),
    }
}

/// The script: the network, its weights, the data's inputs (training set
/// then test set, as the network sees them) and a `predict` function; run
/// as a program it prints one line of outputs per example.
pub fn python(session: &Session, flavour: Python) -> String {
    let network = session.network();
    let layout = network.layout();
    let sizes = layout.sizes();
    let activations = network.activations();
    let config = session.config();
    let progress = session.trainer().progress();
    let shape = format!(
        "{} → [{}] → {}",
        sizes[0],
        sizes[1..sizes.len() - 1].iter().map(usize::to_string).collect::<Vec<_>>().join(", "),
        sizes[sizes.len() - 1]
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\"\"\"A network exported from Backprop Lab: {shape}, activations {}.",
        activations.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ")
    );
    let _ = writeln!(
        out,
        "Its weights after {} epochs ({} batches) of {}, seed {}.",
        progress.epochs,
        progress.batches,
        trained_by(config.training.optimizer, config.training.learning_rate),
        config.seed
    );
    if config.training.optimizer.searches() {
        let _ = writeln!(
            out,
            "PyTorch has no such optimizer: the weights are the engine's, and this script only runs them."
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Run it with python3 ({}); it prints the network's outputs for every",
        match flavour {
            Python::NumPy => "needs NumPy",
            Python::PyTorch => "needs PyTorch",
        }
    );
    let _ = writeln!(out, "example of the data, the training set first, one example a line.");
    if let Some(table) = session.table() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Inputs: {} (target {}).",
            table.input_names.join(", "),
            table.target_name
        );
        if table.scales.iter().any(|s| *s != 1.0) || table.means.iter().any(|m| *m != 0.0) {
            let _ = writeln!(
                out,
                "They were standardized: x = (value - MEANS) / SCALES, as `standardize` does."
            );
        }
        if !table.class_names.is_empty() {
            let _ = writeln!(
                out,
                "Classes, one output each (or one output for two): {}.",
                table.class_names.join(", ")
            );
        }
    } else {
        let features: Vec<&str> = config.network.features.iter().map(|f| f.name()).collect();
        let _ =
            writeln!(out, "\nInputs: the features {} of a point (x1, x2).", features.join(", "));
    }
    let _ = writeln!(out, "\"\"\"");
    match flavour {
        Python::NumPy => {
            let _ = writeln!(out, "import numpy as np\n");
        }
        Python::PyTorch => {
            let _ = writeln!(out, "import torch\n\ntorch.set_default_dtype(torch.float64)\n");
        }
    }
    if let Some(table) = session.table() {
        let _ = writeln!(out, "MEANS = {}", list(&table.means));
        let _ = writeln!(out, "SCALES = {}\n", list(&table.scales));
        let _ = writeln!(out, "def standardize(row):");
        let _ = writeln!(
            out,
            "    \"\"\"A row of the table's input values as the network takes them.\"\"\""
        );
        let _ =
            writeln!(out, "    return [(v - m) / s for v, m, s in zip(row, MEANS, SCALES)]\n\n");
    }
    let _ = writeln!(
        out,
        "# Each layer, input side first: W[neuron][input], b[neuron], its activation."
    );
    let _ = writeln!(out, "LAYERS = [");
    for (l, activation) in activations.iter().enumerate() {
        let _ = writeln!(out, "    (");
        let _ =
            writeln!(out, "        {},", rows(network.weights(l), layout.fan_in(l), "        "));
        let _ = writeln!(out, "        {},", list(network.biases(l)));
        let _ = writeln!(out, "        \"{}\",", activation.name());
        let _ = writeln!(out, "    ),");
    }
    let _ = writeln!(out, "]\n");
    let slope = number(LEAKY_SLOPE);
    match flavour {
        Python::NumPy => {
            let _ = writeln!(out, "def activate(name, z):");
            let _ = writeln!(out, "    if name == \"linear\":\n        return z");
            let _ = writeln!(
                out,
                "    if name == \"sigmoid\":\n        return 1.0 / (1.0 + np.exp(-z))"
            );
            let _ = writeln!(out, "    if name == \"tanh\":\n        return np.tanh(z)");
            let _ = writeln!(out, "    if name == \"relu\":\n        return np.maximum(z, 0.0)");
            let _ = writeln!(
                out,
                "    if name == \"leaky_relu\":\n        return np.where(z > 0, z, {slope} * z)"
            );
            let _ = writeln!(out, "    if name == \"softmax\":");
            let _ = writeln!(out, "        e = np.exp(z - z.max(axis=1, keepdims=True))");
            let _ = writeln!(out, "        return e / e.sum(axis=1, keepdims=True)");
            let _ = writeln!(out, "    raise ValueError(name)\n\n");
            let _ = writeln!(out, "def predict(x):");
            let _ = writeln!(
                out,
                "    \"\"\"The outputs for rows of inputs: z = W a + b, then a = f(z), layer by layer.\"\"\""
            );
            let _ = writeln!(out, "    a = np.atleast_2d(np.asarray(x, dtype=np.float64))");
            let _ = writeln!(out, "    for weights, biases, name in LAYERS:");
            let _ = writeln!(
                out,
                "        a = activate(name, a @ np.array(weights).T + np.array(biases))"
            );
            let _ = writeln!(out, "    return a\n\n");
        }
        Python::PyTorch => {
            let _ = writeln!(out, "ACTIVATIONS = {{");
            let _ = writeln!(
                out,
                "    \"linear\": torch.nn.Identity,\n    \"sigmoid\": torch.nn.Sigmoid,\n    \"tanh\": torch.nn.Tanh,"
            );
            let _ = writeln!(
                out,
                "    \"relu\": torch.nn.ReLU,\n    \"leaky_relu\": lambda: torch.nn.LeakyReLU({slope}),"
            );
            let _ = writeln!(out, "    \"softmax\": lambda: torch.nn.Softmax(dim=1),\n}}\n");
            let _ = writeln!(out, "def model():");
            let _ = writeln!(
                out,
                "    \"\"\"The network as a torch.nn.Sequential of Linear layers and activations.\"\"\""
            );
            let _ = writeln!(out, "    layers = []");
            let _ = writeln!(out, "    for weights, biases, name in LAYERS:");
            let _ =
                writeln!(out, "        linear = torch.nn.Linear(len(weights[0]), len(weights))");
            let _ = writeln!(out, "        with torch.no_grad():");
            let _ = writeln!(out, "            linear.weight.copy_(torch.tensor(weights))");
            let _ = writeln!(out, "            linear.bias.copy_(torch.tensor(biases))");
            let _ = writeln!(out, "        layers += [linear, ACTIVATIONS[name]()]");
            let _ = writeln!(out, "    return torch.nn.Sequential(*layers)\n\n");
            let _ = writeln!(out, "def predict(x):");
            let _ = writeln!(out, "    with torch.no_grad():");
            let _ = writeln!(
                out,
                "        return model()(torch.atleast_2d(torch.tensor(x))).numpy()\n\n"
            );
        }
    }
    let n_in = sizes[0];
    let inputs: Vec<f64> = [session.train_set(), session.test_set()]
        .iter()
        .flat_map(|d| d.inputs.iter().copied())
        .collect();
    let _ =
        writeln!(out, "# The data's inputs as the network takes them, training set then test set.");
    let _ = writeln!(out, "X = {}\n", rows(&inputs, n_in, ""));
    let _ = writeln!(out, "if __name__ == \"__main__\":");
    let _ = writeln!(out, "    for outputs in predict(X):");
    let _ = writeln!(out, "        print(\" \".join(repr(float(v)) for v in outputs))");
    out
}

/// The engine's own outputs for the script's `X`, for checking a run of it.
pub fn predictions(session: &Session) -> Vec<Vec<f64>> {
    let network = session.network();
    let layout = network.layout();
    let mut out = Vec::new();
    for data in [session.train_set(), session.test_set()] {
        for e in 0..data.len() {
            let mut trace =
                crate::network::Trace::with_batch(layout, data.input(e), data.target(e))
                    .expect("an example fits its network");
            network.forward(&mut trace);
            out.push(trace.a(layout.layers() - 1).to_vec());
        }
    }
    out
}
