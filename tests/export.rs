//! The exported Python script, run with NumPy, prints the engine's own
//! predictions to 1e-9. It needs `python3` with NumPy (Debian's
//! python3-numpy, which `.ci/run` installs); where there is none it says so
//! and passes, unless `BACKPROP_REQUIRE_NUMPY` is set (as CI sets it).
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

use backprop_lab::export::{Python, predictions, python};
use backprop_lab::table::{ReadOptions, Selection, Table, TargetKind};
use backprop_lab::{Activation, Config, HiddenLayer, Loss, Session};

/// A python3 that imports NumPy, if there is one.
fn numpy_python() -> Option<&'static str> {
    let found = ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        Command::new(p).args(["-c", "import numpy"]).output().is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("BACKPROP_REQUIRE_NUMPY").is_none(),
            "no python3 with NumPy: install it (Debian: apt-get install python3-numpy)"
        );
        eprintln!("skipped: no python3 with NumPy (Debian: apt-get install python3-numpy)");
    }
    found
}

fn run(python_exe: &str, script: &str, name: &str) -> Vec<Vec<f64>> {
    let dir = std::env::temp_dir().join(format!("backprop-lab-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.py"));
    std::fs::write(&path, script).unwrap();
    let out = Command::new(python_exe).arg(&path).output().unwrap();
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| line.split(' ').map(|v| v.parse().unwrap()).collect())
        .collect()
}

fn check(python_exe: &str, session: &Session, name: &str) {
    let got = run(python_exe, &python(session, Python::NumPy), name);
    let want = predictions(session);
    assert_eq!(got.len(), want.len(), "{name}: one line per example");
    for (row, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g.len(), w.len(), "{name} row {row}");
        for (a, b) in g.iter().zip(w) {
            assert!(
                (a - b).abs() <= 1e-9 * (1.0 + b.abs()),
                "{name} row {row}: python {a}, engine {b}"
            );
        }
    }
}

fn trained(config: Config) -> Session {
    let mut session = Session::new(config).unwrap();
    session.train_epochs(3);
    session
}

#[test]
fn the_numpy_script_prints_the_engines_predictions() {
    let Some(python_exe) = numpy_python() else { return };
    check(python_exe, &trained(Config::default()), "default");
    for (hidden, output, loss, dataset) in [
        (Activation::Sigmoid, Activation::Sigmoid, Loss::Bce, "xor"),
        (Activation::Relu, Activation::Linear, Loss::Mse, "plane"),
        (Activation::LeakyRelu, Activation::Softmax, Loss::SoftmaxCe, "spirals"),
        (Activation::Linear, Activation::Tanh, Loss::Hinge, "moons"),
    ] {
        let mut config = Config::default();
        config.data.dataset = backprop_lab::DatasetKind::from_name(dataset).unwrap();
        config.network.hidden = vec![
            HiddenLayer { neurons: 5, activation: hidden },
            HiddenLayer { neurons: 3, activation: Activation::Tanh },
        ];
        config.network.output_activation = output;
        config.network.loss = loss;
        config.network.features.push(backprop_lab::Feature::SinX1);
        if dataset == "plane" {
            config.network.features.pop();
        }
        check(python_exe, &trained(config), dataset);
    }
    // A table's run: its (standardized) inputs and class outputs.
    let path = format!("{}/www/data/iris.csv", env!("CARGO_MANIFEST_DIR"));
    let table = Table::read(&std::fs::read(path).unwrap(), ReadOptions::default()).unwrap();
    let data = table
        .data(&Selection {
            inputs: vec![0, 1, 2, 3],
            target: 4,
            kind: TargetKind::Auto,
            standardize: true,
        })
        .unwrap();
    let mut config = Config::default();
    config.network.loss = Loss::SoftmaxCe;
    config.network.output_activation = Activation::Softmax;
    let mut session = Session::with_table(config, data).unwrap();
    session.train_epochs(5);
    check(python_exe, &session, "iris");
}

#[test]
fn the_scripts_say_what_they_hold() {
    let session = trained(Config::default());
    let numpy = python(&session, Python::NumPy);
    assert!(numpy.contains("2 → [4, 2] → 1") && numpy.contains("import numpy as np"));
    assert!(numpy.contains("after 3 epochs"));
    let torch = python(&session, Python::PyTorch);
    assert!(torch.contains("import torch") && torch.contains("torch.nn.Linear"));
    assert!(numpy.contains("of sgd at learning rate 0.03"), "{numpy}");
    // CG and the evolution strategy are named, and said to be the engine's own.
    for (name, words) in [("cg", "conjugate gradient"), ("evolution", "evolution strategy")] {
        let mut config = Config::default();
        config.training.optimizer = backprop_lab::Optimizer::from_name(name).unwrap();
        let script = python(&trained(config), Python::PyTorch);
        assert!(script.contains(words) && script.contains("PyTorch has no such optimizer"));
    }
    // Every weight is written so Python reads back the same f64.
    for w in session.network().params() {
        assert!(numpy.contains(&w.to_string()), "{w}");
    }
}
