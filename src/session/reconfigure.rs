//! Live changes: a changed config applied to a run, keeping what still
//! holds (the network for a change of training; every weight that still fits
//! for a change of shape), and the reshaped network that carries them over.

use crate::config::Config;
use crate::dataset::{self, Feature};
use crate::error::Result;
use crate::network::{Layout, Network, Param, Trace};
use crate::rng::{self, Rng, Stream};

use super::{EVAL_CHUNK, Session, data_sizes, drawn, encode, table};

impl Session {
    /// Applies a changed config, keeping what still holds: a change of the
    /// learning rate, optimizer, schedule, batch size, shuffling or
    /// regularization keeps the network; a change of features, layers,
    /// activations or loss keeps every weight that still fits; a change of
    /// the seed, the data, the weight seed or the initialisation starts
    /// afresh (on generated data; the same seed gives the same points).
    pub fn reconfigure(&mut self, config: Config) -> Result<()> {
        config.validate()?;
        let old = &self.config;
        let fresh_weights = config.weight_seed() != old.weight_seed()
            || config.network.init != old.network.init
            || config.network.init_gain != old.network.init_gain;
        // Drawn points stay whatever the generated sets' settings say; they
        // must fit the new config (its classes, say); a new seed splits them anew.
        let drawn = match (&self.points, self.drawn) {
            (Some(points), true) => Some(drawn::refit(&config, points)?),
            _ => None,
        };
        let fresh_data =
            config.seed != old.seed || (drawn.is_none() && !config.data.same_points(&old.data));
        if (fresh_data || fresh_weights) && self.points.is_some() {
            *self = match drawn {
                Some(points) => Session::with_points(config, points)?,
                None => Session::new(config)?,
            };
            return Ok(());
        }
        // Drawn points take a new training share keeping the network.
        let new_share = drawn.is_some() && config.data.train_fraction != old.data.train_fraction;
        if let Some(table) = &self.table {
            table::check_loss(&config, table)?;
            // A new seed or share splits the rows anew; new weights start afresh.
            let resplit =
                config.seed != old.seed || config.data.train_fraction != old.data.train_fraction;
            if resplit || fresh_weights {
                *self = Session::with_table(config, table.clone())?;
                return Ok(());
            }
        }
        if fresh_weights {
            // Given data stays; the network starts from the new weights (on
            // an error, nothing has changed).
            *self = Session::build(config, self.train.clone(), self.test.clone())?;
            return Ok(());
        }
        let (network, old_network) = (&config.network, &old.network);
        let reshaped = self.sizes_for(&config) != self.sizes_for(old)
            || network.features != old_network.features;
        let re_encoded = reshaped
            || new_share
            || network.loss != old_network.loss
            || network.output_activation != old_network.output_activation;
        // Given data keeps its own inputs and targets; generated and drawn
        // data are encoded anew for the new features, loss, output or share.
        if let Some(points) = drawn.filter(|_| re_encoded) {
            let (train_idx, test_idx) =
                drawn::split(&points, config.data.train_fraction, config.seed);
            (self.train, self.test) = encode(&config, &points, &train_idx, &test_idx);
            self.points = Some(points);
        } else if re_encoded && let Some(points) = &self.points {
            let (train_idx, test_idx) = dataset::split(
                points.len(),
                config.data.train_fraction,
                &mut rng::stream(config.seed, Stream::Split),
            );
            (self.train, self.test) = encode(&config, points, &train_idx, &test_idx);
        }
        if re_encoded && let Some(table) = &self.table {
            (self.train, self.test) = table::split_and_encode(&config, table);
        }
        if reshaped {
            let sizes = self.sizes_for(&config);
            // A table's inputs are its columns, matched by position.
            let old_features =
                if self.table.is_some() { &[][..] } else { &self.config.network.features[..] };
            let (mut network, map) =
                reshape(&self.network, old_features, &config, &sizes, &mut self.init_rng)?;
            // Switched-off neurons that are still there stay off.
            for (l, j) in self.network.off_neurons() {
                _ = network.set_off(l, j, true);
            }
            self.network = network;
            self.trainer.remap(&self.network, &map);
            // Checkpoints of the old shape cannot be restored into the new one.
            self.timeline.clear();
            self.eval = Trace::new(self.network.layout(), EVAL_CHUNK);
        } else {
            for (l, &a) in config.activations().iter().enumerate() {
                self.network.set_activation(l, a);
            }
        }
        self.trainer.set_settings(&self.network, config.training, config.network.loss);
        self.config = config;
        if new_share {
            // A training set of another size: a fresh epoch over it.
            self.restart_epoch();
            return Ok(());
        }
        if re_encoded || self.diverged {
            self.diverged = false;
            self.record_metrics();
        }
        self.preview();
        Ok(())
    }

    /// The network sizes a config asks for: generated data follows the
    /// config's features and loss; given data keeps its own widths.
    fn sizes_for(&self, config: &Config) -> Vec<usize> {
        if let Some(table) = &self.table {
            let mut sizes = vec![table.points.dims];
            sizes.extend(config.network.hidden.iter().map(|h| h.neurons));
            sizes.push(dataset::output_count(&table.points.labels, config.network.loss));
            return sizes;
        }
        if self.points.is_some() { config.sizes() } else { data_sizes(config, &self.train) }
    }
}

/// A network for a new config that keeps every old weight that still fits:
/// hidden layers match by position, the output layer matches the output
/// layer, and first-layer inputs match by feature. Returns it with the old
/// index of each new parameter (`None` for new ones, drawn from `init_rng`).
fn reshape(
    old: &Network,
    old_features: &[Feature],
    config: &Config,
    sizes: &[usize],
    init_rng: &mut Rng,
) -> Result<(Network, Vec<Option<usize>>)> {
    let mut network = Network::new(sizes, &config.activations())?;
    // Generated data: first-layer inputs are features, matched by name; given
    // data: columns, matched by position.
    let by_feature =
        old_features.len() == old.layout().inputs() && config.network.features.len() == sizes[0];
    let (old_layout, new_layout): (&Layout, Layout) = (old.layout(), network.layout().clone());
    let (old_layers, new_layers) = (old_layout.layers(), new_layout.layers());
    let old_layer = |l: usize| -> Option<usize> {
        if l + 1 == new_layers {
            Some(old_layers - 1)
        } else if l + 1 < old_layers {
            Some(l)
        } else {
            None
        }
    };
    let mut map = Vec::with_capacity(new_layout.n_params());
    for index in 0..new_layout.n_params() {
        let param = new_layout.param(index).expect("index within the layout");
        let old_param = match param {
            Param::Weight { layer, neuron, input } => old_layer(layer).and_then(|ol| {
                let old_input = match (layer == 0, ol == 0) {
                    (true, true) if by_feature => {
                        old_features.iter().position(|f| *f == config.network.features[input])
                    }
                    (true, true) => Some(input),
                    (false, false) => Some(input),
                    // One of them reads features, the other neurons: nothing carries over.
                    _ => None,
                };
                old_input.map(|i| Param::Weight { layer: ol, neuron, input: i })
            }),
            Param::Bias { layer, neuron } => {
                old_layer(layer).map(|ol| Param::Bias { layer: ol, neuron })
            }
        };
        let old_index = old_param.and_then(|p| old_layout.index(p));
        let value = match (old_index, param) {
            (Some(i), _) => old.params()[i],
            (None, Param::Weight { layer, .. }) => {
                let w = config.network.init.weight(
                    new_layout.fan_in(layer),
                    new_layout.width(layer),
                    init_rng,
                );
                config.network.init_gain.map_or(w, |gain| w * gain)
            }
            (None, Param::Bias { .. }) => config.network.init.bias(),
        };
        network.params_mut()[index] = value;
        map.push(old_index);
    }
    Ok((network, map))
}
