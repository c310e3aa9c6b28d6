//! Reading the user's own data: delimiters, headers, column types, the
//! examples a choice of columns makes, and a message naming the line and
//! column of every file that cannot be used.
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::table::{ReadOptions, Selection, Table, TargetKind, Values, write_csv};

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
    let data = table.examples(&select(&table, &[0, 1, 2], 3)).unwrap();
    assert_eq!((data.examples.n_inputs, data.examples.n_outputs, data.examples.len()), (3, 1, 3));
    assert_eq!(data.examples.input(1), [0.42, 0.77, 0.33]);
    assert_eq!(data.examples.targets, [0.95, 0.55, 0.61]);
    assert!(data.class_names.is_empty() && data.examples.classes.is_empty());
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
    let data = table.examples(&select(&table, &[0, 1], 2)).unwrap();
    assert_eq!(data.class_names, ["cat", "dog", "emu"]);
    assert_eq!(data.examples.classes, [1, 0, 1, 2]);
    assert_eq!(data.examples.n_outputs, 3);
    assert_eq!(data.examples.target(3), [0.0, 0.0, 1.0]);
}

#[test]
fn a_numeric_target_is_a_value_unless_the_user_says_classes() {
    let table = read("x,digit\n1,10\n2,9\n3,10\n");
    let auto = table.examples(&select(&table, &[0], 1)).unwrap();
    assert_eq!(auto.examples.targets, [10.0, 9.0, 10.0]);
    let mut classes = select(&table, &[0], 1);
    classes.kind = TargetKind::Classes;
    let data = table.examples(&classes).unwrap();
    assert_eq!(data.class_names, ["9", "10"], "numbers in numeric order");
    assert_eq!(data.examples.classes, [1, 0, 1]);
}

#[test]
fn standardizing_gives_mean_zero_and_spread_one_and_says_how() {
    let table = read("a,b,y\n1,10,0\n2,10,1\n3,10,0\n");
    let mut selection = select(&table, &[0, 1], 2);
    selection.standardize = true;
    let data = table.examples(&selection).unwrap();
    assert_eq!(data.means, [2.0, 10.0]);
    let sd = (2.0f64 / 3.0).sqrt();
    assert_eq!(data.scales, [sd, 1.0], "a constant column is only shifted");
    let column: Vec<f64> = (0..3).map(|r| data.examples.input(r)[0]).collect();
    assert_eq!(column, [-1.0 / sd, 0.0, 1.0 / sd]);
    assert_eq!(data.examples.input(0)[1], 0.0);
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
        let data = table.examples(&selection).unwrap();
        assert_eq!(data.class_names.len(), classes, "{file}");
        assert_eq!(data.examples.n_inputs, inputs, "{file}");
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
    let message = table.examples(&select(&table, &[0, 1], 2)).unwrap_err().to_string();
    assert!(message.contains("line 3, column 2") && message.contains("oops"), "{message}");

    let table = read("x,z,y\n1,2,0\n2,NaN,1\n3,inf,0\n");
    let message = table.examples(&select(&table, &[0, 1], 2)).unwrap_err().to_string();
    assert!(
        message.contains("line 3, column 2") && message.contains("not a finite number"),
        "{message}"
    );

    let table = read("x,z,y\n1,2,0\n2,,1\n");
    let message = table.examples(&select(&table, &[0, 1], 2)).unwrap_err().to_string();
    assert!(message.contains("line 3, column 2") && message.contains("empty"), "{message}");

    let table = read("x,y\n1,a\n2,\n");
    let message = table.examples(&select(&table, &[0], 1)).unwrap_err().to_string();
    assert!(message.contains("line 3, column 2") && message.contains("missing"), "{message}");

    let table = read("x,y\n1,a\n2,a\n");
    let message = table.examples(&select(&table, &[0], 1)).unwrap_err().to_string();
    assert!(message.contains("two classes"), "{message}");

    let table = read("x,y\n1,a\n2,b\n");
    let mut values = select(&table, &[0], 1);
    values.kind = TargetKind::Values;
    let message = table.examples(&values).unwrap_err().to_string();
    assert!(message.contains("line 2, column 2") && message.contains("not a number"), "{message}");

    // The selection itself.
    assert!(table.examples(&select(&table, &[], 1)).is_err());
    assert!(table.examples(&select(&table, &[1], 1)).unwrap_err().to_string().contains("target"));
    assert!(
        table.examples(&select(&table, &[0], 7)).unwrap_err().to_string().contains("from 1 to 2")
    );
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
