//! A question answered together: one answer per student per round, counts to
//! the teacher, results hidden until shown, locked when closed, a second round
//! with a neighbour, both rounds, the reveal and a reset; and the class sweep.

mod common;

use common::{Client, config, server, student, teacher};
use serde_json::{Value, json};

#[tokio::test]
async fn a_question_in_two_rounds_from_ask_to_reveal() {
    let (address, _) = server(config()).await;
    let (mut teacher, code, _) = teacher(address).await;
    let (mut ana, _) = student(address, &code, "Ana").await;
    let (mut ben, ben_joined) = student(address, &code, "Ben").await;
    let (mut cy, _) = student(address, &code, "").await;
    let ben_token = ben_joined["token"].as_str().unwrap().to_string();
    teacher.send(json!({ "type": "ask", "id": "forward/0" })).await;
    for s in [&mut ana, &mut ben, &mut cy] {
        let q = s.next_of("question").await["question"].clone();
        assert_eq!(
            (q["id"].as_str(), q["round"].as_i64(), q["open"].as_bool()),
            (Some("forward/0"), Some(1), Some(true))
        );
        assert_eq!(q["results"], json!([null, null]));
    }

    // Ana answers, changes her mind while the vote is open; Ben answers; Cy does not.
    ana.send(json!({ "type": "answer", "id": "forward/0", "value": "0.5" })).await;
    ana.send(json!({ "type": "answer", "id": "forward/0", "value": 0.25 })).await;
    ben.send(json!({ "type": "answer", "id": "forward/0", "value": 0.9 })).await;
    ben.send(json!({ "type": "answer", "id": "another", "value": 0.9 })).await;
    assert!(ben.error().await.contains("not being asked"));
    let mut answered = Value::Null;
    while answered != json!([2, 0]) {
        answered = teacher.next_of("count").await["answered"].clone();
    }
    assert_eq!(ana.next_of("question").await["question"]["mine"], json!(["0.5", null]));
    assert_eq!(ana.next_of("question").await["question"]["mine"], json!([0.25, null]));
    // Nobody else is told the answers while the vote is open.
    cy.quiet().await;

    teacher.send(json!({ "type": "close" })).await;
    let closed = teacher.question_where(|q| q["open"] == false).await;
    assert_eq!(closed["open"], false);
    assert_eq!(closed["results"][0], json!([[0.25, 1], [0.9, 1]]));
    assert_eq!(closed["shown"], json!([false, false]));
    for s in [&mut ana, &mut cy] {
        let view = s.next_of("question").await["question"].clone();
        assert_eq!((view["open"].as_bool(), &view["results"]), (Some(false), &json!([null, null])));
    }
    // Locked: a late answer and a reloaded phone's answer are refused; the answer stands.
    cy.send(json!({ "type": "answer", "id": "forward/0", "value": 0.25 })).await;
    assert!(cy.error().await.contains("vote is closed"));
    drop(ben);
    let mut ben = Client::connect(address).await;
    ben.send(json!({ "type": "join", "code": code, "token": ben_token })).await;
    let back = ben.next_of("joined").await;
    assert_eq!(back["question"]["mine"], json!([0.9, null]));
    ben.send(json!({ "type": "answer", "id": "forward/0", "value": 0.25 })).await;
    assert!(ben.error().await.contains("vote is closed"));
    teacher.sync().await;

    // Show the spread (no right answer), then a second round with neighbours.
    teacher.send(json!({ "type": "show" })).await;
    let shown = ana.next_of("question").await["question"].clone();
    assert_eq!(shown["results"], json!([[[0.25, 1], [0.9, 1]], null]));
    assert_eq!(shown["revealed"], Value::Null);
    for s in [&mut ben, &mut cy] {
        assert_eq!(s.next_of("question").await["question"]["results"], shown["results"]);
    }
    teacher.send(json!({ "type": "second" })).await;
    let a = ana.next_of("question").await["question"].clone();
    let b = ben.next_of("question").await["question"].clone();
    let c = cy.next_of("question").await["question"].clone();
    assert_eq!((a["round"].as_i64(), a["open"].as_bool()), (Some(2), Some(true)));
    assert_eq!(a["neighbour"], "Ben");
    assert_eq!(b["neighbour"], "Ana");
    assert_eq!(c["neighbour"], "Ben", "the odd one out joins the last pair");
    // The first round's spread stays on the phones; the second's is hidden until shown.
    assert_eq!(a["results"][1], Value::Null);
    assert_eq!(a["results"][0], json!([[0.25, 1], [0.9, 1]]));

    for s in [&mut ana, &mut ben, &mut cy] {
        s.send(json!({ "type": "answer", "id": "forward/0", "value": 0.25 })).await;
    }
    let mut answered = Value::Null;
    while answered != json!([2, 3]) {
        answered = teacher.next_of("count").await["answered"].clone();
    }
    teacher.send(json!({ "type": "close" })).await;
    teacher.send(json!({ "type": "reveal", "answer": 0.2512 })).await;
    for s in [&mut ana, &mut ben, &mut cy] {
        let q = loop {
            let q = s.next_of("question").await["question"].clone();
            if !q["revealed"].is_null() {
                break q;
            }
        };
        assert_eq!(q["revealed"], 0.2512);
        assert_eq!(q["results"], json!([[[0.25, 1], [0.9, 1]], [[0.25, 3]]]));
    }

    // A reset clears the question for everyone, to ask again.
    teacher.send(json!({ "type": "reset" })).await;
    assert_eq!(cy.next_of("question").await["question"], Value::Null);
    teacher.send(json!({ "type": "ask", "id": "forward/0" })).await;
    assert_eq!(cy.next_of("question").await["question"]["mine"], json!([null, null]));
}

#[tokio::test]
async fn the_teachers_order_of_rounds_is_checked() {
    let (address, _) = server(config()).await;
    let (mut teacher, _, _) = teacher(address).await;
    for (message, problem) in
        [("close", "no question"), ("show", "no question"), ("second", "no question")]
    {
        teacher.send(json!({ "type": message })).await;
        assert!(teacher.error().await.contains(problem), "{message}");
    }
    teacher.send(json!({ "type": "ask", "id": "q" })).await;
    teacher.send(json!({ "type": "show" })).await;
    assert!(teacher.error().await.contains("close the vote before"));
    teacher.send(json!({ "type": "second" })).await;
    assert!(teacher.error().await.contains("closed first round"));
    teacher.send(json!({ "type": "close" })).await;
    teacher.send(json!({ "type": "close" })).await;
    assert!(teacher.error().await.contains("already closed"));
    teacher.send(json!({ "type": "second" })).await;
    teacher.send(json!({ "type": "close" })).await;
    teacher.send(json!({ "type": "second" })).await;
    assert!(teacher.error().await.contains("closed first round"));
}

#[tokio::test]
async fn a_class_sweep_gives_each_phone_its_index_and_brings_the_summaries_to_the_teacher() {
    let (address, _) = server(config()).await;
    let (mut teacher, code, key) = teacher(address).await;
    let mut phones = Vec::new();
    for name in ["Ana", "Ben", "Cy"] {
        phones.push(student(address, &code, name).await.0);
    }
    teacher.sync().await;
    let settings = json!({ "vary": "seed", "config": "dataset=xor", "epochs": 50 });
    teacher.send(json!({ "type": "sweep", "id": "sweep-1", "settings": settings })).await;
    for (i, phone) in phones.iter_mut().enumerate() {
        let sweep = phone.next_of("sweep").await["sweep"].clone();
        assert_eq!(sweep["index"], i);
        assert_eq!(sweep["count"], 3);
        assert_eq!(sweep["settings"], settings);
    }
    let grid = vec![0.5; 16];
    for (i, phone) in phones.iter_mut().enumerate() {
        let loss = 0.1 * (i + 1) as f64;
        phone.send(json!({ "type": "summary", "id": "sweep-1", "loss": loss, "grid": grid })).await;
        let summary = teacher.next_of("summary").await["summary"].clone();
        assert_eq!(summary["index"], i);
        assert_eq!(summary["loss"], loss);
        assert_eq!(summary["grid"].as_array().unwrap().len(), 16);
    }
    // One summary each; a stale sweep's is refused.
    phones[0].send(json!({ "type": "summary", "id": "sweep-1", "loss": 9, "grid": grid })).await;
    assert!(phones[0].error().await.contains("already in"));
    phones[1].send(json!({ "type": "summary", "id": "sweep-0", "loss": 9, "grid": grid })).await;
    assert!(phones[1].error().await.contains("not running"));
    // A teacher who reloads gets them all back.
    drop(teacher);
    let mut again = Client::connect(address).await;
    again.send(json!({ "type": "reclaim", "code": code, "key": key })).await;
    let view = again.next_of("teacher").await;
    let losses: Vec<f64> = view["sweep"]["summaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["loss"].as_f64().unwrap())
        .collect();
    assert_eq!(losses.len(), 3);
    assert!((losses[2] - 0.3).abs() < 1e-12);
}
