//! Seeing data wider than two inputs: the slice of a table's inputs the
//! plane shows (its default axes and held values, one the user picks, one
//! that does not fit), the network on an input of the user's (checked
//! against a forward pass written out here), and every example's outputs
//! and predicted classes.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use backprop_lab::session::Slice;
use backprop_lab::table::{ReadOptions, Selection, Table, TableData, TargetKind};
use backprop_lab::{Activation, Config, HiddenLayer, Loss, Network, Session, Split};
use common::assert_close;

fn table_of(text: &str, inputs: &[usize], target: usize, standardize: bool) -> TableData {
    let table = Table::read(text.as_bytes(), ReadOptions::default()).unwrap();
    let selection =
        Selection { inputs: inputs.to_vec(), target, kind: TargetKind::Auto, standardize };
    table.data(&selection).unwrap()
}

fn real(file: &str, inputs: usize, standardize: bool) -> TableData {
    let path = format!("{}/www/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let kind = if file == "seed_table.csv" { TargetKind::Values } else { TargetKind::Classes };
    let table = Table::read(text.as_bytes(), ReadOptions::default()).unwrap();
    let inputs: Vec<usize> = (0..inputs).collect();
    table.data(&Selection { target: inputs.len(), inputs, kind, standardize }).unwrap()
}

fn session(data: TableData, loss: Loss, output: Activation, hidden: &[usize]) -> Session {
    let mut config = Config { seed: 3, ..Config::default() };
    config.data.train_fraction = 0.7;
    config.network.loss = loss;
    config.network.output_activation = output;
    config.network.hidden = hidden
        .iter()
        .map(|&neurons| HiddenLayer { neurons, activation: Activation::Tanh })
        .collect();
    Session::with_table(config, data).unwrap()
}

fn iris(standardize: bool) -> Session {
    session(real("iris.csv", 4, standardize), Loss::SoftmaxCe, Activation::Softmax, &[6])
}

/// The network's activations for one input, written out layer by layer:
/// z = W·a + b, then the activation (softmax over the layer).
fn forward_by_hand(network: &Network, input: &[f64]) -> Vec<Vec<f64>> {
    let layout = network.layout();
    let mut a = input.to_vec();
    let mut layers = Vec::new();
    for l in 0..layout.layers() {
        let (w, b) = (network.weights(l), network.biases(l));
        let fan_in = layout.fan_in(l);
        let z: Vec<f64> = (0..layout.width(l))
            .map(|j| b[j] + (0..fan_in).map(|i| w[j * fan_in + i] * a[i]).sum::<f64>())
            .collect();
        a = match network.activations()[l] {
            Activation::Softmax => {
                let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let sum: f64 = z.iter().map(|v| (v - max).exp()).sum();
                z.iter().map(|v| (v - max).exp() / sum).collect()
            }
            Activation::Tanh => z.iter().map(|v| v.tanh()).collect(),
            Activation::Linear => z,
            other => panic!("not written out here: {other:?}"),
        };
        layers.push(a.clone());
    }
    layers
}

/// Row `e` of a set as the file has it (standardization undone).
fn file_row(session: &Session, split: Split, e: usize) -> Vec<f64> {
    let table = session.table().unwrap();
    let data = if split == Split::Train { session.train_set() } else { session.test_set() };
    data.input(e).iter().enumerate().map(|(i, v)| v * table.scales[i] + table.means[i]).collect()
}

#[test]
fn the_default_axes_are_the_two_inputs_that_tell_the_targets_apart_best() {
    // b separates the classes, c mostly, a not at all, d is constant.
    let text = "a,b,c,d,kind\n1,0,0,5,x\n2,0.1,1,5,x\n1,0.2,0.5,5,x\n2,1,2,5,y\n1,1.1,1.5,5,y\n2,1.2,3,5,y\n";
    let mut config = Config::default();
    config.data.train_fraction = 1.0;
    config.network.loss = Loss::SoftmaxCe;
    config.network.output_activation = Activation::Softmax;
    let run = Session::with_table(config.clone(), table_of(text, &[0, 1, 2, 3], 4, false)).unwrap();
    let slice = run.default_slice().unwrap();
    assert_eq!((slice.x, slice.y), (1, 2));
    // Held at the training set's means, in the file's units, standardized or not.
    assert_close("held", &slice.held, &[1.5, 0.6, 1.333_333_333_333_333_3, 5.0], 1e-12);
    let standardized = Session::with_table(config, table_of(text, &[0, 1, 2, 3], 4, true)).unwrap();
    let again = standardized.default_slice().unwrap();
    assert_eq!((again.x, again.y), (1, 2), "the score does not depend on the scale");
    assert_close("held, standardized", &again.held, &slice.held, 1e-12);

    // A value: the inputs most correlated with it, whatever the sign.
    let text = "a,b,c,y\n3,1,-2,2\n1,2,-4.5,4.1\n2,3,-5.5,6\n5,4,-8.5,7.9\n";
    let mut config = Config::default();
    config.data.train_fraction = 1.0;
    config.network.output_activation = Activation::Linear;
    let run = Session::with_table(config, table_of(text, &[0, 1, 2], 3, false)).unwrap();
    let slice = run.default_slice().unwrap();
    assert_eq!((slice.x, slice.y), (1, 2));

    // Iris: the petals, the classic picture.
    let slice = iris(false).default_slice().unwrap();
    assert_eq!((slice.x, slice.y), (2, 3));
    // Generated data has its own plane: no slice.
    assert_eq!(Session::new(Config::default()).unwrap().default_slice(), None);
}

#[test]
fn digits_default_to_two_pixels_that_vary_not_the_blank_border() {
    let run = session(real("digits.csv", 64, true), Loss::SoftmaxCe, Activation::Softmax, &[8]);
    let slice = run.default_slice().unwrap();
    let train = run.train_set();
    for axis in [slice.x, slice.y] {
        let column: Vec<f64> = (0..train.len()).map(|e| train.input(e)[axis]).collect();
        let (low, high) =
            column.iter().fold((f64::MAX, f64::MIN), |(l, h), &v| (l.min(v), h.max(v)));
        assert!(high > low, "pixel {axis} varies over the training set");
    }
    // The border's first pixel is blank in every image: the old default axis.
    let first: Vec<f64> = (0..train.len()).map(|e| train.input(e)[0]).collect();
    assert!(first.iter().all(|&v| v == first[0]));
    assert!(slice.x != 0 && slice.y != 0);
}

#[test]
fn a_slice_shows_its_axes_over_their_ranges_and_holds_the_other_inputs() {
    let mut run = iris(true);
    run.train_epochs(20);
    let slice = Slice { x: 3, y: 1, held: vec![6.5, 0.0, 2.0, 0.0] };
    let mut grid = Vec::new();
    let res = 9;
    run.evaluate_slice(res, &slice, &mut grid).unwrap();
    let table = run.table().unwrap().clone();
    let layout = run.network().layout().clone();
    let pixels = res * res;
    assert_eq!(grid.len(), layout.n_neurons() * pixels);
    let along = |u: f64, (low, high): (f64, f64)| low + (u + 6.0) / 12.0 * (high - low);
    let standardized = |i: usize, v: f64| (v - table.means[i]) / table.scales[i];
    let first_output = layout.n_neurons() - layout.outputs();
    for p in [0, 13, 40, 80] {
        let (u1, u2) = backprop_lab::grid::pixel_point(res, 2, p);
        let mut input = [standardized(0, 6.5), 0.0, standardized(2, 2.0), 0.0];
        input[3] = along(u1, table.range(3));
        input[1] = along(u2, table.range(1));
        let want = forward_by_hand(run.network(), &input).pop().unwrap();
        for (k, w) in want.iter().enumerate() {
            let got = f64::from(grid[(first_output + k) * pixels + p]);
            assert!((got - w).abs() < 1e-3, "pixel {p}, output {k}: {got} vs {w}");
        }
    }
    // The default slice is what evaluate_grid shows.
    let (mut shown, mut default) = (Vec::new(), Vec::new());
    run.evaluate_grid(res, &mut shown);
    run.evaluate_slice(res, &run.default_slice().unwrap(), &mut default).unwrap();
    assert_eq!(shown, default);
}

#[test]
fn a_slice_that_does_not_fit_is_refused_naming_what_is_wrong() {
    let mut run = iris(false);
    let good = run.default_slice().unwrap();
    let cases = [
        (
            Slice { x: 4, ..good.clone() },
            "slice.x: 4 is not allowed; expected an input from 0 to 3",
        ),
        (
            Slice { y: 2, ..good.clone() },
            "slice.y: 2 is not allowed; expected an input other than x's (petal_length_cm)",
        ),
        (Slice { held: vec![1.0; 3], ..good.clone() }, "slice.held: expected 4 values, got 3"),
        (
            Slice { held: vec![1.0, f64::NAN, 1.0, 1.0], ..good.clone() },
            "slice.held[1] (sepal_width_cm): NaN is not allowed; expected a finite number",
        ),
    ];
    let mut grid = vec![7.0f32; 3];
    for (slice, message) in cases {
        assert_eq!(run.evaluate_slice(10, &slice, &mut grid).unwrap_err().to_string(), message);
        assert_eq!(grid, [7.0; 3], "nothing evaluated");
    }
    let mut generated = Session::new(Config::default()).unwrap();
    let error = generated.evaluate_slice(10, &good, &mut grid).unwrap_err().to_string();
    assert!(error.starts_with("slice: "), "{error}");
}

#[test]
fn an_input_of_the_users_runs_the_network_as_written_out() {
    let mut run = iris(true);
    run.train_epochs(30);
    // A test row unchanged: the same numbers as that example run on its own.
    let row = file_row(&run, Split::Test, 4);
    let trace = run.run_input(&row).unwrap();
    let (example, _) = run.example(Split::Test, 4).unwrap();
    assert_close("inputs", trace.inputs(), example.inputs(), 1e-12);
    for l in 0..2 {
        assert_close(&format!("a[{l}]"), trace.a(l), example.a(l), 1e-12);
    }
    // Changed: the forward pass written out here on the standardized values.
    let mut what_if = row.clone();
    what_if[2] = 6.1;
    let trace = run.run_input(&what_if).unwrap();
    let table = run.table().unwrap();
    let input: Vec<f64> =
        what_if.iter().enumerate().map(|(i, v)| (v - table.means[i]) / table.scales[i]).collect();
    assert_close("standardized", trace.inputs(), &input, 1e-15);
    let by_hand = forward_by_hand(run.network(), &input);
    for (l, want) in by_hand.iter().enumerate() {
        assert_close(&format!("a[{l}]"), trace.a(l), want, 1e-12);
    }
    let class = run.predicted_class(trace.output()).unwrap();
    let best = (0..3).max_by(|&a, &b| by_hand[1][a].total_cmp(&by_hand[1][b])).unwrap();
    assert_eq!(class, best);
    // What does not fit is named, and nothing runs.
    assert_eq!(
        run.run_input(&row[..3]).unwrap_err().to_string(),
        "inputs: expected 4 values, got 3"
    );
    let bad = [row[0], row[1], f64::INFINITY, row[3]];
    assert_eq!(
        run.run_input(&bad).unwrap_err().to_string(),
        "inputs[2] (petal_length_cm): inf is not allowed; expected a finite number"
    );
}

#[test]
fn a_point_of_generated_data_goes_through_the_features() {
    let mut run = Session::new(Config::default()).unwrap();
    run.train_epochs(3);
    let point = run.train_set().points[6..8].to_vec();
    let trace = run.run_input(&point).unwrap();
    let (example, _) = run.example(Split::Train, 3).unwrap();
    assert_eq!(trace.inputs(), example.inputs());
    assert_eq!(trace.output(), example.output());
}

#[test]
fn predictions_are_every_examples_forward_pass_and_the_accuracys_classes() {
    let mut run = iris(true);
    run.train_epochs(25);
    for split in [Split::Train, Split::Test] {
        let predictions = run.predictions(split);
        let n = if split == Split::Train { run.train_set().len() } else { run.test_set().len() };
        assert_eq!((predictions.n_outputs, predictions.outputs.len()), (3, n * 3));
        for e in 0..n {
            let (example, _) = run.example(split, e).unwrap();
            assert_eq!(&predictions.outputs[e * 3..e * 3 + 3], example.output(), "example {e}");
            assert_eq!(Some(predictions.classes[e]), run.predicted_class(example.output()));
        }
        // The share predicted right is the accuracy the metrics report.
        let data = if split == Split::Train { run.train_set() } else { run.test_set() };
        let right = predictions.classes.iter().zip(&data.classes).filter(|(p, c)| p == c).count();
        let metrics = *run.history().last().unwrap();
        let accuracy =
            if split == Split::Train { metrics.train_accuracy } else { metrics.test_accuracy };
        assert_eq!(Some(right as f64 / n as f64), accuracy);
    }
    // A value to predict: the outputs, no classes.
    let mut article =
        session(real("seed_table.csv", 3, false), Loss::Mse, Activation::Linear, &[4]);
    let predictions = article.predictions(Split::Train);
    assert!(predictions.classes.is_empty());
    let (example, _) = article.example(Split::Train, 1).unwrap();
    assert_eq!(predictions.outputs[1], example.output()[0]);
    // Two classes on one tanh output: the side of 0.
    let mut circle = Session::new(Config::default()).unwrap();
    let predictions = circle.predictions(Split::Test);
    for (e, &class) in predictions.classes.iter().enumerate().take(50) {
        assert_eq!(class, usize::from(predictions.outputs[e] >= 0.0));
    }
}
