//! The network on an input of the user's (a "what if": a row with some
//! values changed), and its outputs and predicted classes for every example
//! of a set (the confusion matrices, predicted against actual, a grid of
//! test images with their predicted labels).

use crate::dataset::{self, Feature, Labels};
use crate::error::{Error, Result};
use crate::network::Trace;

use super::slice::trained_value;
use super::{Session, Split};

/// The network's outputs for every example of a set, in the set's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Predictions {
    pub n_outputs: usize,
    /// `[example][output]`: the output layer's activations.
    pub outputs: Vec<f64>,
    /// The class each example is predicted to be (empty for a value to predict).
    pub classes: Vec<usize>,
}

impl Session {
    /// The network's inputs for a point in the data's own units: a table's
    /// row as the file has it (standardized as in training), a generated
    /// set's coordinates (x1, and x2 on a plane) through the chosen
    /// features, or given data's inputs as they are. An error names the
    /// value that does not fit.
    pub fn inputs_for(&self, values: &[f64]) -> Result<Vec<f64>> {
        let (count, name): (usize, Box<dyn Fn(usize) -> String>) = match (&self.table, &self.points)
        {
            (Some(table), _) => (table.points.dims, Box::new(|i| table.input_names[i].clone())),
            (None, Some(points)) => (points.dims, Box::new(|i| format!("x{}", i + 1))),
            (None, None) => (self.train.n_inputs, Box::new(|i| format!("input {}", i + 1))),
        };
        if values.len() != count {
            return Err(Error::shape("inputs", count, values.len()));
        }
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            let field = format!("inputs[{i}] ({})", name(i));
            return Err(Error::invalid(field, values[i], "a finite number"));
        }
        Ok(match (&self.table, &self.points) {
            (Some(table), _) => {
                values.iter().enumerate().map(|(i, &v)| trained_value(table, i, v)).collect()
            }
            (None, Some(_)) => {
                let features = &self.config.network.features;
                let mut inputs = vec![0.0; features.len()];
                let x2 = values.get(1).copied().unwrap_or(0.0);
                Feature::fill(features, values[0], x2, &mut inputs);
                inputs
            }
            (None, None) => values.to_vec(),
        })
    }

    /// The network run on a point in the data's own units (see
    /// [`Session::inputs_for`]): its inputs and every layer's z and a.
    pub fn run_input(&self, values: &[f64]) -> Result<Trace> {
        let inputs = self.inputs_for(values)?;
        let layout = self.network.layout();
        let mut trace = Trace::with_batch(layout, &inputs, &vec![0.0; layout.outputs()])?;
        self.network.forward(&mut trace);
        Ok(trace)
    }

    /// The class an output row predicts, as the accuracy counts it (the
    /// largest output, or for one output its side of the targets'
    /// midpoint); none when the target is a value.
    pub fn predicted_class(&self, output: &[f64]) -> Option<usize> {
        let classes = matches!(self.points().map(|p| &p.labels), Some(Labels::Classes { .. }));
        let (loss, activation) = (self.config.network.loss, self.config.network.output_activation);
        let (low, high) = dataset::target_range(loss, activation);
        classes.then(|| dataset::predicted_class(output, low, high))
    }

    /// The outputs, and the predicted classes, of every example of a set.
    pub fn predictions(&mut self, split: Split) -> Predictions {
        let data = match split {
            Split::Train => &self.train,
            Split::Test => &self.test,
        };
        let (trace, network) = (&mut self.eval, &self.network);
        let (n_in, n_out) = (data.n_inputs, network.layout().outputs());
        let mut outputs = Vec::with_capacity(data.len() * n_out);
        let mut start = 0;
        while start < data.len() {
            let count = (data.len() - start).min(trace.capacity());
            trace.set_len(count);
            trace.inputs_mut().copy_from_slice(&data.inputs[start * n_in..(start + count) * n_in]);
            network.forward(trace);
            outputs.extend_from_slice(trace.output());
            start += count;
        }
        let classes = match self.predicted_class(&vec![0.0; n_out]) {
            Some(_) => outputs.chunks(n_out).filter_map(|row| self.predicted_class(row)).collect(),
            None => Vec::new(),
        };
        Predictions { n_outputs: n_out, outputs, classes }
    }
}
