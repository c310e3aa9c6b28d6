//! Reading the user's own data: delimiters, headers, column types, the
//! examples a choice of columns makes, and a message naming the line and
//! column of every file that cannot be used.
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::dataset::Labels;
use backprop_lab::table::{
    ReadOptions, Selection, Table, TableData, TargetKind, Values, write_csv,
};
use backprop_lab::{Activation, Config, HiddenLayer, Loss, Problem, Session};

fn read(text: &str) -> Table {
    Table::read(text.as_bytes(), ReadOptions::default()).unwrap()
}

fn error(text: &[u8]) -> String {
    Table::read(text, ReadOptions::default()).unwrap_err().to_string()
}

fn select(table: &Table, inputs: &[usize], target: usize) -> Selection {
    let _ = table;
    Selection { inputs: inputs.to_vec(), target, kind: TargetKind::Auto, standardize: false }
}

const ARTICLE: &str = "input_1,input_2,input_3,output\n0.85,0.65,0.12,0.95\n0.42,0.77,0.33,0.55\n0.91,0.28,0.46,0.61\n";

#[test]
fn the_articles_table_is_three_inputs_and_a_value() {
    let table = read(ARTICLE);
    assert!(table.header);
    assert_eq!(table.delimiter, ',');
    assert_eq!(table.names(), ["input_1", "input_2", "input_3", "output"]);
    assert_eq!(table.rows(), 3);
    let data = table.data(&select(&table, &[0, 1, 2], 3)).unwrap();
    assert_eq!(data.problem(), Problem::Regression);
    let examples = data.examples(Loss::Mse, Activation::Linear);
    assert_eq!((examples.n_inputs, examples.n_outputs, examples.len()), (3, 1, 3));
    assert_eq!(examples.input(1), [0.42, 0.77, 0.33]);
    assert_eq!(examples.targets, [0.95, 0.55, 0.61]);
    assert!(data.class_names.is_empty() && examples.classes.is_empty());
}

#[test]
fn semicolons_tabs_and_decimal_commas() {
    let table = read("a;b;label\n0,5;1,25;x\n2;3;y\n");
    assert_eq!(table.delimiter, ';');
    assert_eq!(table.columns[0].values, Values::Numbers(vec![0.5, 2.0]));
    assert_eq!(table.columns[1].values, Values::Numbers(vec![1.25, 3.0]));
    let table = read("a\tb\n1\t2\n3\t4\n");
    assert_eq!(table.delimiter, '\t');
    assert_eq!(table.names(), ["a", "b"]);
}

#[test]
fn a_table_without_a_header_gets_column_numbers() {
    let table = read("1,2,0\n3,4,1\n");
    assert!(!table.header);
    assert_eq!(table.names(), ["column 1", "column 2", "column 3"]);
    assert_eq!(table.rows(), 2);
    let forced =
        Table::read(b"1,2,0\n3,4,1\n", ReadOptions { header: Some(true), ..Default::default() })
            .unwrap();
    assert_eq!(forced.names(), ["1", "2", "0"]);
    assert_eq!(forced.rows(), 1);
}

#[test]
fn a_text_target_becomes_classes_in_alphabetical_order() {
    let table = read("x,y,kind\n0,1,dog\n1,0,cat\n1,1,dog\n0,0,emu\n");
    let data = table.data(&select(&table, &[0, 1], 2)).unwrap();
    assert_eq!(data.class_names, ["cat", "dog", "emu"]);
    assert_eq!(data.problem(), Problem::Multiclass);
    let examples = data.examples(Loss::SoftmaxCe, Activation::Softmax);
    assert_eq!(examples.classes, [1, 0, 1, 2]);
    assert_eq!(examples.n_outputs, 3);
    assert_eq!(examples.target(3), [0.0, 0.0, 1.0]);
}

#[test]
fn a_numeric_target_is_a_value_unless_the_user_says_classes() {
    let table = read("x,digit\n1,10\n2,9\n3,10\n");
    let auto = table.data(&select(&table, &[0], 1)).unwrap();
    assert_eq!(auto.examples(Loss::Mse, Activation::Linear).targets, [10.0, 9.0, 10.0]);
    let mut classes = select(&table, &[0], 1);
    classes.kind = TargetKind::Classes;
    let data = table.data(&classes).unwrap();
    assert_eq!(data.class_names, ["9", "10"], "numbers in numeric order");
    assert_eq!(data.problem(), Problem::Binary);
    // Two classes: one output for mse (±1 targets), two for softmax.
    let mse = data.examples(Loss::Mse, Activation::Tanh);
    assert_eq!(
        (mse.classes.as_slice(), mse.targets.as_slice()),
        (&[1, 0, 1][..], &[1.0, -1.0, 1.0][..])
    );
    assert_eq!(data.examples(Loss::SoftmaxCe, Activation::Softmax).target(1), [1.0, 0.0]);
}

#[test]
fn standardizing_gives_mean_zero_and_spread_one_and_says_how() {
    let table = read("a,b,y\n1,10,0\n2,10,1\n3,10,0\n");
    let mut selection = select(&table, &[0, 1], 2);
    selection.standardize = true;
    let data = table.data(&selection).unwrap();
    assert_eq!(data.means, [2.0, 10.0]);
    let sd = (2.0f64 / 3.0).sqrt();
    assert_eq!(data.scales, [sd, 1.0], "a constant column is only shifted");
    let examples = data.examples(Loss::Mse, Activation::Tanh);
    let column: Vec<f64> = (0..3).map(|r| examples.input(r)[0]).collect();
    assert_eq!(column, [-1.0 / sd, 0.0, 1.0 / sd]);
    assert_eq!(examples.input(0)[1], 0.0);
}

#[test]
fn the_real_data_sets_read_as_documented() {
    for (file, rows, inputs, classes) in [
        ("digits.csv", 1797, 64, 10),
        ("iris.csv", 150, 4, 3),
        ("breast_cancer.csv", 569, 30, 2),
        ("seed_table.csv", 3, 3, 0),
    ] {
        let path = format!("{}/www/data/{file}", env!("CARGO_MANIFEST_DIR"));
        let table = Table::read(&std::fs::read(&path).unwrap(), ReadOptions::default()).unwrap();
        assert!(table.header, "{file}");
        assert_eq!((table.rows(), table.columns.len()), (rows, inputs + 1), "{file}");
        let mut selection = select(&table, &(0..inputs).collect::<Vec<_>>(), inputs);
        if classes > 0 {
            selection.kind = TargetKind::Classes;
        }
        let data = table.data(&selection).unwrap();
        assert_eq!(data.class_names.len(), classes, "{file}");
        assert_eq!(data.points.dims, inputs, "{file}");
    }
}

#[test]
fn bad_files_say_what_and_where() {
    assert!(error(b"").contains("empty"));
    assert!(error(b"\n  \n").contains("empty"));
    assert!(error(b"a,b,c\n").contains("header (a, b, c) but no rows"));
    let ragged = error(b"a,b,c\n1,2,3\n4,5\n");
    assert!(ragged.contains("line 3 has 2 fields") && ragged.contains("3"), "{ragged}");
    assert!(error(b"a,a,y\n1,2,3\n").contains("columns 1 and 2 are both named \u{201c}a\u{201d}"));
    let binary = error(b"a,b\n1,2\n\x00\x01\x02\xff\xfe\n");
    assert!(binary.contains("line 3"), "{binary}");
    let nul = error(b"a,b\n1,2\n3,\x004\n");
    assert!(nul.contains("binary") && nul.contains("line 3"), "{nul}");
}

#[test]
fn unusable_cells_are_named_by_line_and_column() {
    let table = read("x,z,y\n1,2,0\n2,oops,1\n3,4,0\n");
    let message = table.data(&select(&table, &[0, 1], 2)).unwrap_err().to_string();
    assert!(message.contains("line 3, column 2") && message.contains("oops"), "{message}");

    let table = read("x,z,y\n1,2,0\n2,NaN,1\n3,inf,0\n");
    let message = table.data(&select(&table, &[0, 1], 2)).unwrap_err().to_string();
    assert!(
        message.contains("line 3, column 2") && message.contains("not a finite number"),
        "{message}"
    );

    let table = read("x,z,y\n1,2,0\n2,,1\n");
    let message = table.data(&select(&table, &[0, 1], 2)).unwrap_err().to_string();
    assert!(message.contains("line 3, column 2") && message.contains("empty"), "{message}");

    let table = read("x,y\n1,a\n2,\n");
    let message = table.data(&select(&table, &[0], 1)).unwrap_err().to_string();
    assert!(message.contains("line 3, column 2") && message.contains("missing"), "{message}");

    let table = read("x,y\n1,a\n2,a\n");
    let message = table.data(&select(&table, &[0], 1)).unwrap_err().to_string();
    assert!(message.contains("two classes"), "{message}");

    let table = read("x,y\n1,a\n2,b\n");
    let mut values = select(&table, &[0], 1);
    values.kind = TargetKind::Values;
    let message = table.data(&values).unwrap_err().to_string();
    assert!(message.contains("line 2, column 2") && message.contains("not a number"), "{message}");

    // The selection itself.
    assert!(table.data(&select(&table, &[], 1)).is_err());
    assert!(table.data(&select(&table, &[1], 1)).unwrap_err().to_string().contains("target"));
    assert!(table.data(&select(&table, &[0], 7)).unwrap_err().to_string().contains("from 1 to 2"));
}

#[test]
fn too_wide_or_too_long_is_refused_with_the_limit() {
    let wide: String = (0..1001).map(|c| format!("c{c}")).collect::<Vec<_>>().join(",") + "\n";
    assert!(error(wide.as_bytes()).contains("at most 1000 columns"));
    let mut long = String::from("x,y\n");
    for i in 0..100_001 {
        long.push_str(&format!("{i},1\n"));
    }
    assert!(error(long.as_bytes()).contains("at most 100000 rows"));
}

#[test]
fn the_limits_themselves_are_allowed() {
    let mut long = String::from("x,y\n");
    for i in 0..100_000 {
        long.push_str(&format!("{i},1\n"));
    }
    assert_eq!(read(&long).rows(), 100_000);
    let wide: Vec<String> = (0..1000).map(|c| format!("c{c}")).collect();
    let text = format!("{}\n{}\n", wide.join(","), vec!["1"; 1000].join(","));
    assert_eq!(read(&text).columns.len(), 1000);
}

#[test]
fn a_file_over_64_mb_is_refused_before_it_is_read() {
    let bytes = vec![b'1'; (64 << 20) + 1];
    assert_eq!(error(&bytes), "file: more than 64 MB is not allowed; expected at most 64 MB");
}

#[test]
fn a_wide_long_table_reads_whole() {
    let mut text = (0..100).map(|c| format!("c{c}")).collect::<Vec<_>>().join(",");
    text.push('\n');
    for row in 0..2000 {
        let cells: Vec<String> =
            (0..100).map(|c| format!("{}", (row * 100 + c) as f64 / 7.0)).collect();
        text.push_str(&cells.join(","));
        text.push('\n');
    }
    let table = read(&text);
    assert_eq!((table.rows(), table.columns.len()), (2000, 100));
    assert_eq!(
        table.columns[99].values,
        Values::Numbers((0..2000).map(|r| (r * 100 + 99) as f64 / 7.0).collect())
    );
}

#[test]
fn written_csv_reads_back_the_same_numbers() {
    let a = [0.1, -2.5e-17, 1.0 / 3.0];
    let b = [1e300, 0.0, -7.0];
    let text = write_csv(&["a", "b"], &[&a, &b]);
    let table = read(&text);
    assert_eq!(table.names(), ["a", "b"]);
    assert_eq!(table.columns[0].values, Values::Numbers(a.to_vec()));
    assert_eq!(table.columns[1].values, Values::Numbers(b.to_vec()));
}

fn data_of(
    text: &str,
    inputs: &[usize],
    target: usize,
    kind: TargetKind,
    standardize: bool,
) -> TableData {
    let table = read(text);
    table.data(&Selection { inputs: inputs.to_vec(), target, kind, standardize }).unwrap()
}

fn config_for(loss: Loss, output: Activation, hidden: &[usize]) -> Config {
    let mut config = Config::default();
    config.network.loss = loss;
    config.network.output_activation = output;
    config.network.hidden = hidden
        .iter()
        .map(|&neurons| HiddenLayer { neurons, activation: Activation::Tanh })
        .collect();
    config
}

#[test]
fn the_articles_table_trains_on_the_articles_network() {
    let data = data_of(ARTICLE, &[0, 1, 2], 3, TargetKind::Auto, false);
    let mut config = config_for(Loss::Mse, Activation::Linear, &[10, 8]);
    config.data.train_fraction = 1.0;
    config.training.batch_size = 3;
    let mut session = Session::with_table(config, data).unwrap();
    assert_eq!(session.network().layout().sizes(), [3, 10, 8, 1]);
    assert_eq!((session.train_set().len(), session.test_set().len()), (3, 0));
    let start = session.history()[0].train_loss;
    session.train_epochs(300);
    let end = session.history().last().unwrap().train_loss;
    assert!(end < start / 10.0, "{start} → {end}");
    assert!(session.table().is_some());
}

#[test]
fn iris_learns_its_three_species() {
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
    let mut config = config_for(Loss::SoftmaxCe, Activation::Softmax, &[8]);
    config.data.train_fraction = 0.8;
    config.training.optimizer = backprop_lab::Optimizer::from_name("adam").unwrap();
    config.training.learning_rate = 0.01;
    let mut session = Session::with_table(config, data).unwrap();
    assert_eq!(session.network().layout().sizes(), [4, 8, 3]);
    assert_eq!((session.train_set().len(), session.test_set().len()), (120, 30));
    session.train_epochs(100);
    let metrics = session.history().last().unwrap();
    assert!(metrics.train_accuracy.unwrap() > 0.9, "{metrics:?}");
    assert!(metrics.test_accuracy.unwrap() > 0.85, "{metrics:?}");
}

#[test]
fn a_table_run_changes_live_and_refuses_a_loss_that_does_not_fit() {
    let text = "a,b,c,kind\n0,1,2,x\n1,0,2,y\n1,1,0,x\n0,0,1,y\n2,1,1,x\n1,2,0,y\n";
    let data = data_of(text, &[0, 1, 2], 3, TargetKind::Auto, true);
    let mut session =
        Session::with_table(config_for(Loss::Mse, Activation::Tanh, &[4]), data).unwrap();
    assert_eq!(session.network().layout().sizes(), [3, 4, 1], "two classes, one ±1 output");
    session.train_epochs(3);
    // To softmax: two outputs, the first layer's weights kept, the data re-encoded.
    let first_layer = session.network().weights(0).to_vec();
    let config = config_for(Loss::SoftmaxCe, Activation::Softmax, &[4]);
    session.reconfigure(config).unwrap();
    assert_eq!(session.network().layout().sizes(), [3, 4, 2]);
    assert_eq!(session.network().weights(0), first_layer.as_slice());
    assert_eq!(session.train_set().n_outputs, 2);
    // A value target refuses cross-entropy, and nothing changes.
    let values = data_of(ARTICLE, &[0, 1, 2], 3, TargetKind::Auto, false);
    let mut regression =
        Session::with_table(config_for(Loss::Mse, Activation::Linear, &[2]), values.clone())
            .unwrap();
    let before = regression.network().params().to_vec();
    let error = regression
        .reconfigure(config_for(Loss::Bce, Activation::Sigmoid, &[2]))
        .unwrap_err()
        .to_string();
    assert!(error.contains("loss") && error.contains("output"), "{error}");
    assert_eq!(regression.network().params(), before.as_slice());
    assert!(Session::with_table(config_for(Loss::Hinge, Activation::Tanh, &[2]), values).is_err());
}

#[test]
fn a_new_seed_splits_the_rows_anew() {
    let path = format!("{}/www/data/iris.csv", env!("CARGO_MANIFEST_DIR"));
    let table = Table::read(&std::fs::read(path).unwrap(), ReadOptions::default()).unwrap();
    let data = table
        .data(&Selection {
            inputs: vec![0, 1],
            target: 4,
            kind: TargetKind::Auto,
            standardize: false,
        })
        .unwrap();
    let config = config_for(Loss::SoftmaxCe, Activation::Softmax, &[3]);
    let mut session = Session::with_table(config.clone(), data).unwrap();
    let before = session.train_set().inputs.clone();
    session.reconfigure(Config { seed: 2, ..config }).unwrap();
    assert_ne!(session.train_set().inputs, before);
    assert_eq!(session.train_set().len(), 75);
}

#[test]
fn the_heatmaps_show_the_default_slice_with_the_other_inputs_at_their_means() {
    let data = data_of(ARTICLE, &[0, 1, 2], 3, TargetKind::Auto, false);
    let mut config = config_for(Loss::Mse, Activation::Linear, &[2]);
    config.data.train_fraction = 1.0;
    let mut session = Session::with_table(config, data).unwrap();
    assert_eq!(session.dims(), 2);
    // The inputs most correlated with the output: input_3 (r² 0.75) along x,
    // input_1 (0.27) along y; input_2 (0.02) is held.
    let slice = session.default_slice().unwrap();
    assert_eq!((slice.x, slice.y), (2, 0));
    let mut grid = Vec::new();
    session.evaluate_grid(4, &mut grid);
    let pixels = 16;
    assert_eq!(grid.len(), session.network().layout().n_neurons() * pixels);
    // The output at pixel p is the network at (x2, mean of input_2, x1).
    let mean2 = (0.65 + 0.77 + 0.28) / 3.0;
    let table = session.table().unwrap().clone();
    let along = |u: f64, (low, high): (f64, f64)| low + (u + 6.0) / 12.0 * (high - low);
    // The plane spans each axis input's values, a tenth wider on each side.
    assert_eq!(table.range(0), (0.42 - 0.049, 0.91 + 0.049));
    for p in [0, 5, 15] {
        let (u1, u2) = backprop_lab::grid::pixel_point(4, 2, p);
        let inputs = [along(u2, table.range(0)), mean2, along(u1, table.range(2))];
        let mut trace =
            backprop_lab::Trace::with_batch(session.network().layout(), &inputs, &[0.0]).unwrap();
        session.network().forward(&mut trace);
        let want = trace.a(1)[0];
        let got = f64::from(grid[(session.network().layout().n_neurons() - 1) * pixels + p]);
        assert!((got - want).abs() < 1e-3 * (1.0 + want.abs()), "pixel {p}: {got} vs {want}");
    }
}

#[test]
fn the_preview_names_each_columns_kind_and_problem() {
    let table = read("x,y,kind,note\n1,2,a,\n3,x,b,n\n5,6,a,m\n");
    let preview = table.preview(2);
    assert!(preview.header);
    assert_eq!((preview.rows, preview.first_rows.len()), (3, 2));
    assert_eq!(preview.first_rows[1], ["3", "x", "b", "n"]);
    let kinds: Vec<(bool, usize)> =
        preview.columns.iter().map(|c| (c.numeric, c.distinct)).collect();
    assert_eq!(kinds, [(true, 3), (false, 3), (false, 2), (false, 3)]);
    assert_eq!(preview.columns[0].problem, None);
    assert!(preview.columns[1].problem.as_ref().unwrap().contains("line 3, column 2"));
}

#[test]
fn exported_data_reads_back_as_the_same_table() {
    // Standardized for training, exported as the file had it.
    let text = "width,height,kind\n1.5,20,cat\n2.5,30,dog\n4,10,cat\n";
    let data = data_of(text, &[0, 1], 2, TargetKind::Auto, true);
    let session =
        Session::with_table(config_for(Loss::SoftmaxCe, Activation::Softmax, &[2]), data).unwrap();
    let csv = session.data_csv();
    let again = read(&csv);
    assert_eq!(again.names(), ["width", "height", "kind"]);
    let width = match &again.columns[0].values {
        Values::Numbers(v) => v.clone(),
        Values::Text(_) => panic!("numbers"),
    };
    for (got, want) in width.iter().zip([1.5, 2.5, 4.0]) {
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    }
    assert_eq!(
        again.columns[2].values,
        Values::Text(vec!["cat".into(), "dog".into(), "cat".into()])
    );
    // A generated set: its coordinates and classes.
    let circle = Session::new(Config::default()).unwrap();
    let csv = circle.data_csv();
    let table = read(&csv);
    assert_eq!(table.names(), ["x1", "x2", "class"]);
    assert_eq!(table.rows(), 500);
}

#[test]
fn target_kinds_by_name() {
    assert_eq!(TargetKind::from_name("auto").unwrap(), TargetKind::Auto);
    assert_eq!(TargetKind::from_name("classes").unwrap(), TargetKind::Classes);
    assert_eq!(TargetKind::from_name("values").unwrap(), TargetKind::Values);
    assert!(TargetKind::from_name("labels").unwrap_err().to_string().contains("labels"));
}

#[test]
fn a_one_input_table_shows_one_row_over_its_range() {
    let data = data_of("x,y\n1,2\n3,6\n5,10\n", &[0], 1, TargetKind::Auto, false);
    let mut config = config_for(Loss::Mse, Activation::Linear, &[]);
    config.data.train_fraction = 1.0;
    let mut session = Session::with_table(config, data).unwrap();
    assert_eq!(session.dims(), 1);
    let mut grid = Vec::new();
    session.evaluate_grid(10, &mut grid);
    assert_eq!(grid.len(), 10, "one output neuron, one row of 10 pixels");
    // A linear network of one weight: the row runs from w·0.6 + b to w·5.4 + b.
    let (w, b) = (session.network().params()[0], session.network().params()[1]);
    let first = w * (0.6 + 0.5 * 4.8 / 10.0) + b;
    assert!((f64::from(grid[0]) - first).abs() < 1e-4, "{} vs {first}", grid[0]);
}

#[test]
fn table_data_handed_over_must_fit_together() {
    let table = read("a,b,kind\n1,2,x\n3,4,y\n5,6,x\n");
    let data = table.data(&select(&table, &[0, 1], 2)).unwrap();
    assert_eq!(data.check(), Ok(()));
    let values = table.data(&select(&table, &[0], 1)).unwrap();
    assert_eq!(values.check(), Ok(()));
    let broken = |change: fn(&mut TableData)| {
        let mut d = data.clone();
        change(&mut d);
        d.check().unwrap_err().to_string()
    };
    assert_eq!(
        broken(|d| d.points.coords.pop().map(drop).unwrap()),
        "inputs: expected 6 values, got 5"
    );
    assert_eq!(
        broken(|d| d.points.coords[3] = f64::NAN),
        "inputs: NaN is not allowed; expected finite numbers"
    );
    assert_eq!(broken(|d| d.scales.truncate(1)), "scales: expected 2 values, got 1");
    assert_eq!(broken(|d| d.input_names.push("c".into())), "inputNames: expected 2 values, got 3");
    assert_eq!(
        broken(|d| d.class_names.pop().map(drop).unwrap()),
        "classNames: expected 2 values, got 1"
    );
    assert_eq!(
        broken(|d| {
            if let Labels::Classes { of, .. } = &mut d.points.labels {
                of[1] = 2;
            }
        }),
        "classes: 2 is not allowed; expected a class from 0 to 1"
    );
    assert_eq!(
        broken(|d| {
            if let Labels::Classes { of, .. } = &mut d.points.labels {
                of.pop();
            }
        }),
        "classes: expected 3 values, got 2"
    );
    let mut v = values.clone();
    v.points.labels = Labels::Values(vec![1.0, f64::INFINITY, 2.0]);
    assert_eq!(
        v.check().unwrap_err().to_string(),
        "values: inf is not allowed; expected finite numbers"
    );
}
