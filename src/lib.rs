//! Backprop Lab's engine: a dense neural network, trained and traced in pure
//! Rust, with every number checked against PyTorch.
//!
//! ```text
//! Config ──validate──▶ Session ─┬─ dataset  (points, features, encoded targets)
//!                               ├─ Network  (flat parameters; forward/backward layer by layer)
//!                               ├─ Trainer  (batches, Trace, Gradients, OptimizerState, Update)
//!                               └─ history  (Metrics per epoch)
//! ```
//!
//! The core knows nothing of the browser; `wasm` (compiled for wasm32 only)
//! wraps a [`Session`] for JavaScript.

pub mod activation;
pub mod cg;
pub mod config;
pub mod dataset;
pub mod diagnosis;
pub mod error;
pub mod evolution;
pub mod export;
pub mod gradcheck;
pub mod grid;
pub mod health;
pub mod importance;
pub mod init;
pub mod kernels;
pub mod landscape;
pub mod loss;
pub mod math;
pub mod network;
pub mod optimizer;
pub mod regularization;
pub mod representation;
pub mod rng;
pub mod saliency;
pub mod schedule;
pub mod search;
pub mod session;
pub mod sharpness;
pub mod table;
pub mod trainer;

pub use activation::Activation;
pub use config::{Catalog, Config, DataConfig, HiddenLayer, NetworkConfig, TrainingConfig};
pub use dataset::{DatasetKind, Examples, Feature, Problem};
pub use error::{Error, Result};
pub use init::Init;
pub use loss::Loss;
pub use network::{Gradients, Layout, Network, Param, Trace};
pub use optimizer::{Optimizer, OptimizerState, Update};
pub use regularization::{Penalty, Regularization};
pub use schedule::Schedule;
pub use session::{
    Checkpoint, Metrics, Phase, Session, Split, Stepper, TimeTravel, Timeline, TrainReport, Until,
};
pub use trainer::{Clipping, Trainer};

/// The JavaScript API (wasm32 only).
#[cfg(target_arch = "wasm32")]
pub mod wasm;
