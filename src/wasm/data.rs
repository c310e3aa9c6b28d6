//! The user's own data for JavaScript: CSV tables (preview, columns, the
//! slice the plane shows, the what-if's predictions; a `CsvTable` read once
//! and kept, as the page's worker does, its rows handed over as typed
//! arrays), drawn points, model files and link states, and the Python
//! export. Each method forwards to the core; `mod.rs` holds the rest of `Lab`.

use js_sys::Uint32Array;
use wasm_bindgen::prelude::*;

use super::interop::{
    config_from, f64s, js_error, layers_of, object, selection_from, slice_from, slice_object,
    table_data_from, table_data_object, to_js,
};
use super::{Lab, model_tree};
use crate::Error;
use crate::export::{Python, python};
use crate::session::{Session, Split, TimeTravel, drawn};
use crate::table::{ReadOptions, Table, TableData};

/// The rows of the page's preview.
const PREVIEW_ROWS: usize = 8;

/// A CSV file read once and kept: its preview and the data of any choice
/// of its columns, without reading the text again. The page reads a large
/// file in a worker with one of these and hands the rows of the chosen
/// columns to `Lab.withTableData`.
#[wasm_bindgen]
pub struct CsvTable {
    table: Table,
}

#[wasm_bindgen]
impl CsvTable {
    /// Reads CSV bytes as `Lab.previewCsv` does; an unreadable file throws
    /// the same Error, naming the line and column.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Result<CsvTable, JsError> {
        let table = Table::read(bytes, ReadOptions::default()).map_err(js_error)?;
        Ok(CsvTable { table })
    }

    /// The preview `Lab.previewCsv` gives.
    pub fn preview(&self) -> JsValue {
        to_js(&self.table.preview(PREVIEW_ROWS))
    }

    /// The data a choice of columns makes (as `Lab.withCsv` takes it), for
    /// `Lab.withTableData`: `{inputs, values | classes, inputNames,
    /// targetName, classNames, means, scales}`, the numbers as typed arrays
    /// (transferable to another thread). Errors are `withCsv`'s.
    pub fn data(&self, selection: JsValue) -> Result<JsValue, JsError> {
        let selection = selection_from(&selection)?;
        Ok(table_data_object(&self.table.data(&selection).map_err(js_error)?))
    }
}

#[wasm_bindgen]
impl Lab {
    /// Reads CSV bytes for the page's preview: `{header, delimiter, rows,
    /// columns: [{name, numeric, distinct, problem}], firstRows}`; an
    /// unreadable file throws an Error naming the line and column.
    #[wasm_bindgen(js_name = previewCsv)]
    pub fn preview_csv(bytes: &[u8]) -> Result<JsValue, JsError> {
        Ok(CsvTable::new(bytes)?.preview())
    }

    /// A lab on a CSV file's rows: `selection` is `{inputs: number[], target:
    /// number, kind: "auto" | "classes" | "values", standardize: boolean}`
    /// (columns from 0); the config's seed and `train_fraction` split the
    /// rows, its network and training settings apply.
    #[wasm_bindgen(js_name = withCsv)]
    pub fn with_csv(config: JsValue, bytes: &[u8], selection: JsValue) -> Result<Lab, JsError> {
        let selection = selection_from(&selection)?;
        let table = Table::read(bytes, ReadOptions::default()).map_err(js_error)?;
        let data = table.data(&selection).map_err(js_error)?;
        Lab::on_table(config, data)
    }

    /// `withCsv` on a table already read (`new CsvTable(bytes)`).
    #[wasm_bindgen(js_name = withTable)]
    pub fn with_table(
        config: JsValue,
        table: &CsvTable,
        selection: JsValue,
    ) -> Result<Lab, JsError> {
        let selection = selection_from(&selection)?;
        let data = table.table.data(&selection).map_err(js_error)?;
        Lab::on_table(config, data)
    }

    /// `withCsv` on the data `CsvTable.data` gave (in this thread or
    /// another): the same lab, bit for bit. Data that does not fit
    /// together throws, naming the field.
    #[wasm_bindgen(js_name = withTableData)]
    pub fn with_table_data(config: JsValue, data: JsValue) -> Result<Lab, JsError> {
        Lab::on_table(config, table_data_from(&data)?)
    }
}

impl Lab {
    /// A lab on a table's data, the config read last (as `withCsv` always did).
    fn on_table(config: JsValue, data: TableData) -> Result<Lab, JsError> {
        let session = Session::with_table(config_from(config)?, data).map_err(js_error)?;
        Ok(Lab::of(session))
    }
}

#[wasm_bindgen]
impl Lab {
    /// A lab on points the user drew: `coords` the config's data set's
    /// coordinates per point, `labels` each point's class (0, 1, …) or
    /// value; the config's seed and `train_fraction` split them.
    #[wasm_bindgen(js_name = withPoints)]
    pub fn with_points(config: JsValue, coords: &[f64], labels: &[f64]) -> Result<Lab, JsError> {
        let config = config_from(config)?;
        let points = drawn::points_for(&config, coords, labels).map_err(js_error)?;
        let session = Session::with_points(config, points).map_err(js_error)?;
        Ok(Lab::of(session))
    }

    /// Throws the engine's error for a number that cannot be a point of the
    /// config's data (naming the point and the number); points too few to
    /// train on pass.
    #[wasm_bindgen(js_name = checkPoints)]
    pub fn check_points(config: JsValue, coords: &[f64], labels: &[f64]) -> Result<(), JsError> {
        drawn::points_for(&config_from(config)?, coords, labels).map(drop).map_err(js_error)
    }

    /// Puts drawn points under the running network (it keeps its weights
    /// and optimizer; the coming epoch starts over the new points). On an
    /// error (a bad number, no points, one class only, a table's run)
    /// nothing changes.
    #[wasm_bindgen(js_name = setPoints)]
    pub fn set_points(&mut self, coords: &[f64], labels: &[f64]) -> Result<(), JsError> {
        let shown = self.run.shown();
        let points = drawn::points_for(shown.config(), coords, labels).map_err(js_error)?;
        let points = shown.accept_points(&points).map_err(js_error)?;
        self.run.present().set_points(points).map_err(js_error)
    }

    /// The plane's points in their own order, `{coords, labels, drawn}`
    /// (as `withPoints` takes them; `drawn` when they are the user's), or
    /// null for a table's rows or given examples.
    #[wasm_bindgen(js_name = dataPoints)]
    pub fn data_points(&self) -> JsValue {
        let session = self.run.shown();
        match (session.table(), session.points()) {
            (None, Some(points)) => object(&[
                ("coords", f64s(&points.coords)),
                ("labels", f64s(&drawn::label_numbers(points))),
                ("drawn", JsValue::from(session.drawn())),
            ]),
            _ => JsValue::NULL,
        }
    }

    /// The table the data came from: `{inputNames, targetName, classNames,
    /// means, scales, rows}`, or null for a generated set.
    pub fn table(&self) -> JsValue {
        self.run.shown().table().map_or(JsValue::NULL, |t| to_js(&t.info()))
    }

    /// The trained run as a model file (JSON text): config, data, weights,
    /// optimizer state and counters. Loading it with `Lab.fromModel`
    /// continues training bit-identically.
    #[wasm_bindgen(js_name = modelJson)]
    pub fn model_json(&self) -> Result<String, JsError> {
        self.run.shown().model_json().map_err(js_error)
    }

    /// A lab from a model file's text; a damaged or foreign file throws an
    /// Error that says what does not fit.
    #[wasm_bindgen(js_name = fromModel)]
    pub fn from_model(text: &str) -> Result<Lab, JsError> {
        let session = Session::from_model(&model_tree(text)?).map_err(js_error)?;
        Ok(Lab::of(session))
    }

    /// The run's state alone (JSON text), for a link whose address holds the
    /// config: weights, optimizer state, counters and a check of the data;
    /// a table's rows only with `rows`, the metrics history only with `history`.
    #[wasm_bindgen(js_name = stateJson)]
    pub fn state_json(&self, rows: bool, history: bool) -> Result<String, JsError> {
        self.run.shown().state_json(rows, history).map_err(js_error)
    }

    /// Puts a state from `stateJson` (or a model file) on this lab's config
    /// and data; training continues bit-identically. On error (damaged,
    /// another network or other data) nothing changes.
    #[wasm_bindgen(js_name = restoreState)]
    pub fn restore_state(&mut self, text: &str) -> Result<(), JsError> {
        let session = self.run.shown().restored(&model_tree(text)?).map_err(js_error)?;
        self.run = TimeTravel::new(session);
        Ok(())
    }

    /// The network as a self-contained Python script (`"numpy"` or
    /// `"pytorch"`) that rebuilds it with its weights and prints its
    /// outputs for the data.
    #[wasm_bindgen(js_name = pythonScript)]
    pub fn python_script(&self, flavour: &str) -> Result<String, JsError> {
        let flavour = Python::from_name(flavour).ok_or_else(|| {
            js_error(Error::Invalid {
                field: "script".into(),
                value: flavour.into(),
                expected: "\"numpy\" or \"pytorch\"".into(),
            })
        })?;
        Ok(python(self.run.shown(), flavour))
    }

    /// The data as CSV text (a table's columns as the file had them, or a
    /// generated set's coordinates and classes or values).
    #[wasm_bindgen(js_name = dataCsv)]
    pub fn data_csv(&self) -> String {
        self.run.shown().data_csv()
    }

    /// The slice of a table's inputs the plane shows, `{x, y, held}` (inputs
    /// from 0; `held` one value per input, in the file's units), or null
    /// for generated data.
    pub fn slice(&self) -> JsValue {
        let slice = self.slice.clone().or_else(|| self.run.shown().default_slice());
        slice.map_or(JsValue::NULL, |s| slice_object(&s))
    }

    /// The slice shown until another is set: the two inputs that tell the
    /// training set's targets apart best, the others at their means.
    #[wasm_bindgen(js_name = defaultSlice)]
    pub fn default_slice(&self) -> JsValue {
        self.run.shown().default_slice().map_or(JsValue::NULL, |s| slice_object(&s))
    }

    /// Shows another slice (`{x, y, held}`, or null for the default); one
    /// that does not fit the table throws, naming the field, and changes nothing.
    #[wasm_bindgen(js_name = setSlice)]
    pub fn set_slice(&mut self, slice: JsValue) -> Result<(), JsError> {
        if slice.is_null() || slice.is_undefined() {
            self.slice = None;
            return Ok(());
        }
        let slice = slice_from(&slice)?;
        self.run.shown().check_slice(&slice).map_err(js_error)?;
        self.slice = Some(slice);
        Ok(())
    }

    /// The network on a point in the data's own units (a table's row as the
    /// file has it; a generated set's x1, x2): `{inputs, z, a, output,
    /// class}`, `inputs` as the network takes them, `class` the predicted
    /// class (null for a value).
    pub fn predict(&self, values: Vec<f64>) -> Result<JsValue, JsError> {
        let session = self.run.shown();
        let trace = session.run_input(&values).map_err(js_error)?;
        let layers = session.network().layout().layers();
        let class = session.predicted_class(trace.output());
        Ok(object(&[
            ("inputs", f64s(trace.inputs())),
            ("z", layers_of(layers, |l| f64s(trace.z(l)))),
            ("a", layers_of(layers, |l| f64s(trace.a(l)))),
            ("output", f64s(trace.output())),
            ("class", class.map_or(JsValue::NULL, |c| JsValue::from(c as u32))),
        ]))
    }

    /// Every example of a set (`"train"` or `"test"`) through the network:
    /// `{nOutputs, outputs, classes}`, outputs `[example][output]`, classes
    /// the predicted ones (empty for a value).
    pub fn predictions(&mut self, split: &str) -> Result<JsValue, JsError> {
        let split = Split::from_name(split).map_err(js_error)?;
        let predictions = self.run.shown_mut().predictions(split);
        let classes: Vec<u32> = predictions.classes.iter().map(|&c| c as u32).collect();
        Ok(object(&[
            ("nOutputs", JsValue::from(predictions.n_outputs as u32)),
            ("outputs", f64s(&predictions.outputs)),
            ("classes", Uint32Array::from(classes.as_slice()).into()),
        ]))
    }
}
