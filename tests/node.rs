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

/// The message of the JS `Error` a call threw.
fn error_message(result: Result<impl Sized, wasm_bindgen::JsError>) -> String {
    use wasm_bindgen::JsCast;
    let Err(error) = result else { panic!("expected an error") };
    let error: js_sys::Error = JsValue::from(error).dyn_into().expect("a JS Error");
    error.message().into()
}

#[wasm_bindgen_test]
fn a_tables_slice_and_an_input_of_the_users_cross_as_values_or_errors() {
    let csv = b"a,b,c,kind\n0,1,2,x\n1,0,2,y\n1,1,0,x\n0,0,1,y\n2,1,1,x\n1,2,0,y\n";
    let selection = js_sys::JSON::parse(r#"{"inputs": [0, 1, 2], "target": 3}"#).unwrap();
    let config = js_sys::JSON::parse(
        r#"{"loss": "softmax_ce", "output_activation": "softmax", "train_fraction": 0.5}"#,
    )
    .unwrap();
    let mut lab = Lab::with_csv(config, csv, selection).unwrap();
    let get = |v: &JsValue, key: &str| Reflect::get(v, &key.into()).unwrap();
    let slice = lab.slice();
    let held = js_sys::Float64Array::from(get(&slice, "held")).to_vec();
    assert_eq!(held.len(), 3);
    // A slice that does not fit is an Error naming the field; nothing changes.
    let bad = js_sys::JSON::parse(r#"{"x": 1, "y": 1, "held": [0, 0, 0]}"#).unwrap();
    let message = error_message(lab.set_slice(bad));
    assert!(message.starts_with("slice.y: 1 is not allowed"), "{message}");
    let bad = js_sys::JSON::parse(r#"{"x": 0, "y": 1, "held": [0, "z", 0]}"#).unwrap();
    assert_eq!(error_message(lab.set_slice(bad)), "slice.held[1]: \"z\" is not a number");
    assert!(js_sys::Object::is(&get(&lab.slice(), "x"), &get(&slice, "x")));
    let good = js_sys::JSON::parse(r#"{"x": 2, "y": 0, "held": [0, 5, 0]}"#).unwrap();
    lab.set_slice(good).unwrap();
    assert_eq!(get(&lab.slice(), "x").as_f64(), Some(2.0));
    // An input of the user's: its outputs and class; a wrong one, an Error.
    let run = lab.predict(vec![1.0, 1.0, 0.0]).unwrap();
    assert_eq!(js_sys::Float64Array::from(get(&run, "output")).length(), 2);
    assert!(get(&run, "class").as_f64().is_some());
    let message = error_message(lab.predict(vec![1.0, f64::NAN, 0.0]));
    assert_eq!(message, "inputs[1] (b): NaN is not allowed; expected a finite number");
    let all = lab.predictions("test").unwrap();
    assert_eq!(js_sys::Uint32Array::from(get(&all, "classes")).length(), 3);
    assert!(error_message(lab.predictions("both")).starts_with("split: both"));
}
