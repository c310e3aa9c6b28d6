//! The JavaScript API in Node (no browser), as the benchmarks use it.
#![cfg(target_arch = "wasm32")]

use backprop_lab::wasm::Lab;
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn training_is_deterministic_and_learns() {
    // Two runs of one config agree bit for bit (the native comparison is
    // `cargo xtask test`'s determinism step), and the loss falls.
    let run = || {
        let mut lab = Lab::new(JsValue::UNDEFINED).unwrap();
        lab.train_epochs(20);
        let params = Reflect::get(&lab.snapshot(), &"params".into()).unwrap();
        js_sys::Float64Array::from(params).to_vec()
    };
    let (a, b) = (run(), run());
    assert_eq!(
        a.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
        b.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
    );
    let mut lab = Lab::new(JsValue::UNDEFINED).unwrap();
    let history = |lab: &Lab| {
        js_sys::Float64Array::from(Reflect::get(&lab.history(0), &"trainLoss".into()).unwrap())
            .to_vec()
    };
    lab.train_epochs(50);
    let losses = history(&lab);
    assert!(losses.last().unwrap() < &(0.5 * losses[0]));
}
