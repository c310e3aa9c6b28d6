//! Looking back in time, and the small decisions the bindings used to make:
//! which parameters a gradient check reads, and the names the page passes.
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::gradcheck;
use backprop_lab::grid::check_resolution;
use backprop_lab::{
    Config, Examples, Feature, Loss, Param, Regularization, Session, Split, TimeTravel, Until,
};

fn trained(epochs: u64) -> Session {
    let mut session = Session::new(Config::default()).unwrap();
    session.train_epochs(epochs);
    session
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn looking_back_shows_the_past_and_keeps_the_present() {
    let mut run = TimeTravel::new(trained(6));
    let present = bits(run.shown().network().params());
    assert_eq!(run.viewing(), None);
    assert_eq!(run.timeline().len(), 7, "the start and six epochs");

    run.view_at(2).unwrap();
    assert_eq!(run.viewing(), Some(2));
    assert_eq!(run.shown().trainer().progress().epochs, 2);
    let at_two = run.timeline().entries()[2].params().to_vec();
    assert_eq!(bits(run.shown().network().params()), bits(&at_two));
    // Looking back shortens neither the timeline nor the history.
    assert_eq!(run.timeline().len(), 7);
    assert_eq!(run.history().len(), 7);

    run.view_present();
    assert_eq!(run.viewing(), None);
    assert_eq!(bits(run.shown().network().params()), present);
}

#[test]
fn changing_the_past_replaces_the_future() {
    let mut run = TimeTravel::new(trained(6));
    run.view_at(2).unwrap();
    run.present().train_epochs(1);
    assert_eq!(run.viewing(), None);
    assert_eq!(run.shown().trainer().progress().epochs, 3);
    assert_eq!(run.timeline().len(), 4, "epochs 0 to 3; the old 3 to 6 are gone");
    assert_eq!(run.history().len(), 4);

    // The same as training three epochs straight.
    let straight = trained(3);
    assert_eq!(bits(run.shown().network().params()), bits(straight.network().params()));
}

#[test]
fn looking_at_a_moment_that_does_not_exist_is_an_error_that_changes_nothing() {
    let mut run = TimeTravel::new(trained(2));
    let error = run.view_at(9).unwrap_err().to_string();
    assert!(error.contains("timeline entry: 9"), "{error}");
    assert_eq!(run.viewing(), None);
}

#[test]
fn the_gradient_check_reads_the_parameters_the_stepped_batch_started_with() {
    let mut session = trained(1);
    // The whole batch stepped, update included: the parameters have moved,
    // the gradients shown are still those of the batch's start.
    session.run_to(Until::Batch).unwrap();
    let results = session.grad_check(None).unwrap();
    assert_eq!(results.len(), session.network().layout().n_params());
    assert!(results.iter().all(|r| r.agrees()), "every gradient agrees at the batch's start");
    let analytic: Vec<f64> = results.iter().map(|r| r.analytic).collect();
    assert_eq!(bits(&analytic), bits(session.trainer().gradients().grad_params()));

    // Checked at the moved parameters instead, finite differences disagree
    // with the batch's gradients: the start's parameters are the right ones.
    let all: Vec<usize> = (0..results.len()).collect();
    let (trace, network) = (session.trainer().trace(), session.network());
    let moved = gradcheck::check(network, trace, Loss::Mse, Regularization::NONE, &all).unwrap();
    let numeric_moved: Vec<f64> = moved.iter().map(|r| r.numeric).collect();
    let numeric_start: Vec<f64> = results.iter().map(|r| r.numeric).collect();
    assert_ne!(bits(&numeric_moved), bits(&numeric_start));

    let some = session.grad_check(Some(&[0, 3])).unwrap();
    assert_eq!(some.iter().map(|r| r.index).collect::<Vec<_>>(), vec![0, 3]);
    assert!(session.grad_check(Some(&[10_000])).is_err());
}

#[test]
fn parameters_by_place_and_by_index() {
    let session = Session::new(Config::default()).unwrap();
    let weight = Param::Weight { layer: 1, neuron: 1, input: 3 };
    let index = session.param_index(weight).unwrap();
    assert_eq!(session.param_at(index).unwrap(), weight);
    let bias = Param::Bias { layer: 2, neuron: 0 };
    assert_eq!(session.param_at(session.param_index(bias).unwrap()).unwrap(), bias);
    let n = session.network().layout().n_params();
    assert!(session.param_at(n).unwrap_err().to_string().contains(&format!("below {n}")));
    let missing = Param::Weight { layer: 0, neuron: 7, input: 0 };
    assert!(session.param_index(missing).unwrap_err().to_string().contains("parameter"));
}

#[test]
fn names_from_the_page_are_read_in_the_core() {
    assert_eq!(Split::from_name("train").unwrap(), Split::Train);
    assert_eq!(Split::from_name("test").unwrap(), Split::Test);
    assert!(Split::from_name("valid").unwrap_err().to_string().contains("split"));
    assert_eq!(Until::from_name("backward").unwrap(), Until::Backward);
    assert_eq!(Until::from_name("batch").unwrap(), Until::Batch);
    assert_eq!(Until::from_name("epoch").unwrap(), Until::Epoch);
    let error = Until::from_name("forever").unwrap_err().to_string();
    assert!(error.contains("until") && error.contains("forever"), "{error}");
    assert_eq!(Feature::from_names(&["x1", "sin_x2"]).unwrap(), vec![Feature::X1, Feature::SinX2]);
    let error = Feature::from_names(&["x1", "x3"]).unwrap_err().to_string();
    assert!(error.contains("x3"), "{error}");
    assert!(check_resolution(2).is_ok() && check_resolution(512).is_ok());
    assert!(check_resolution(1).is_err() && check_resolution(513).is_err());
}

#[test]
fn given_data_must_fill_whole_examples() {
    let data = Examples::from_flat(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], vec![0.5, 0.25], 3, 1);
    let data = data.unwrap();
    assert_eq!((data.len(), data.input(1), data.target(1)), (2, &[4.0, 5.0, 6.0][..], &[0.25][..]));
    let error = Examples::from_flat(vec![1.0; 7], vec![0.0; 2], 3, 1).unwrap_err().to_string();
    assert!(error.contains("inputs") && error.contains("7 numbers"), "{error}");
    let error = Examples::from_flat(vec![1.0; 6], vec![0.0; 3], 3, 1).unwrap_err().to_string();
    assert!(error.contains("targets") && error.contains("2 in all"), "{error}");
    assert!(Examples::from_flat(vec![], vec![], 0, 1).is_err());
}

#[test]
fn the_output_gradient_carries_the_batch_mean() {
    let session = Session::new(Config::default()).unwrap();
    // Batches of 10 examples and one output: the mean's 1/(N·K) = 1/10.
    assert_eq!(session.loss_gradient_scale(), Some(0.1));
    let mut config = Config::default();
    config.data.dataset = backprop_lab::DatasetKind::Spirals;
    config.network.loss = Loss::SoftmaxCe;
    config.network.output_activation = backprop_lab::Activation::Softmax;
    config.training.batch_size = 4;
    let session = Session::new(config).unwrap();
    assert_eq!(session.network().layout().outputs(), 3);
    // Softmax cross-entropy sums over the outputs: 1/N alone.
    assert_eq!(session.loss_gradient_scale(), Some(0.25));
}

#[test]
fn the_future_a_resumed_past_replaced_can_be_brought_back() {
    let mut run = TimeTravel::new(trained(6));
    let future = bits(run.shown().network().params());
    assert_eq!(run.replaced(), None);
    run.view_at(2).unwrap();
    assert_eq!(run.replaced(), None, "looking back replaces nothing");
    run.present().train_epochs(1);
    assert_eq!(run.replaced(), Some(6), "epochs 3 to 6 were replaced");
    assert!(run.undo_replace());
    assert_eq!(run.shown().trainer().progress().epochs, 6);
    assert_eq!(bits(run.shown().network().params()), future);
    assert_eq!(run.timeline().len(), 7);
    assert!(!run.undo_replace(), "only once");

    // Kept, the new future stays and the old one is gone.
    run.view_at(1).unwrap();
    run.present().train_epochs(2);
    run.keep_present();
    assert_eq!(run.replaced(), None);
    assert!(!run.undo_replace());
    assert_eq!(run.shown().trainer().progress().epochs, 3);
}
