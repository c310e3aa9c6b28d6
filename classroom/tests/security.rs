//! What a student's connection may not do, and messages that are malformed,
//! oversized or too many: each gets an error to its own connection alone and changes nothing.

mod common;

use std::time::Duration;

use classroom::Config;
use common::{Client, config, server, student, teacher};
use serde_json::json;

#[tokio::test]
async fn a_students_connection_cannot_do_what_only_the_teacher_does() {
    let (address, hub) = server(config()).await;
    let (mut teacher, code, _) = teacher(address).await;
    teacher.send(json!({ "type": "state", "state": { "step": 1 } })).await;
    teacher.sync().await;
    let (mut ana, _) = student(address, &code, "Ana").await;
    let (mut ben, _) = student(address, &code, "Ben").await;
    teacher.next_of("count").await;
    teacher.next_of("count").await;
    let refused = [
        json!({ "type": "state", "state": { "step": 9 } }),
        json!({ "type": "ask", "id": "q" }),
        json!({ "type": "close" }),
        json!({ "type": "show" }),
        json!({ "type": "second" }),
        json!({ "type": "reveal", "answer": 1 }),
        json!({ "type": "reset" }),
        json!({ "type": "sweep", "id": "s", "settings": {} }),
        json!({ "type": "end" }),
        json!({ "type": "create" }),
        json!({ "type": "reclaim", "code": code, "key": "ab".repeat(16) }),
    ];
    for message in refused {
        ana.send(message.clone()).await;
        let error = ana.error().await;
        assert!(
            error.contains("only the teacher") || error.contains("already in a room"),
            "{message}: {error}"
        );
    }
    // Nothing changed and nobody else heard of it.
    ben.quiet().await;
    teacher.quiet().await;
    assert_eq!(hub.rooms(), 1);
    let (_, late) = student(address, &code, "Cy").await;
    assert_eq!(late["state"]["step"], 1);
    assert_eq!(late["question"], serde_json::Value::Null);
    // And a teacher cannot answer as a student.
    teacher.send(json!({ "type": "answer", "id": "q", "value": 1 })).await;
    assert!(teacher.error().await.contains("student's message"));
}

#[tokio::test]
async fn malformed_messages_get_an_error_naming_the_problem_and_change_nothing() {
    let (address, _) = server(config()).await;
    let (mut teacher, code, _) = teacher(address).await;
    teacher.send(json!({ "type": "state", "state": { "step": 1 } })).await;
    teacher.sync().await;
    let (mut ana, _) = student(address, &code, "Ana").await;
    teacher.next_of("count").await;
    let cases = [
        ("{not json", "not JSON"),
        ("[1,2]", "JSON object"),
        (r#"{"kind":"state"}"#, "`type`"),
        (r#"{"type":"fly"}"#, "unknown message type"),
        (r#"{"type":"state","state":[1]}"#, "`state`"),
        (r#"{"type":"ask","id":""}"#, "`id`: empty"),
        (r#"{"type":"ask","id":7}"#, "`id`"),
        (r#"{"type":"reveal"}"#, "`answer`"),
        (r#"{"type":"sweep","id":"s"}"#, "`settings`"),
    ];
    for (text, problem) in cases {
        teacher.send_text(text.to_string()).await;
        let error = teacher.error().await;
        assert!(error.contains(problem), "{text}: {error}");
    }
    let student_cases = [
        (r#"{"type":"answer","id":"q","value":""}"#, "`value`: empty"),
        (r#"{"type":"answer","id":"q","value":"   "}"#, "`value`: empty"),
        (r#"{"type":"answer","id":"q"}"#, "no answer given"),
        (r#"{"type":"answer","id":"q","value":[1]}"#, "a number or a short text"),
        (r#"{"type":"summary","id":"s","loss":-1,"grid":[]}"#, "`loss`"),
        (r#"{"type":"summary","id":"s","loss":0.1,"grid":[0.5,0.5,0.5]}"#, "square"),
        (r#"{"type":"summary","id":"s","loss":0.1,"grid":[0.5,2,0.5,0.5]}"#, "cell 1"),
    ];
    for (text, problem) in student_cases {
        ana.send_text(text.to_string()).await;
        let error = ana.error().await;
        assert!(error.contains(problem), "{text}: {error}");
    }
    ana.quiet().await;
    teacher.quiet().await;
    // The room is as it was.
    let (_, late) = student(address, &code, "Cy").await;
    assert_eq!(late["state"], json!({ "step": 1 }));
    assert_eq!(late["question"], serde_json::Value::Null);
}

#[tokio::test]
async fn an_oversized_message_is_refused_and_a_huge_one_closes_only_its_connection() {
    let (address, _) = server(config()).await;
    let (mut teacher, code, _) = teacher(address).await;
    teacher.send(json!({ "type": "state", "state": { "step": 1 } })).await;
    teacher.sync().await;
    let (mut ana, _) = student(address, &code, "Ana").await;
    let padding = "x".repeat(classroom::MESSAGE_LIMIT);
    teacher.send(json!({ "type": "state", "state": { "step": 2, "padding": padding } })).await;
    assert!(teacher.error().await.contains("message too large"));
    ana.quiet().await;
    // The teacher's connection still works: the next state goes through.
    teacher.send(json!({ "type": "state", "state": { "step": 3 } })).await;
    assert_eq!(ana.next_of("state").await["state"]["step"], 3);
    // Past the frame limit the connection is closed; the room goes on.
    let mut flood = Client::connect(address).await;
    flood.send_text("x".repeat(200_000)).await;
    assert!(flood.closed().await);
    teacher.send(json!({ "type": "state", "state": { "step": 4 } })).await;
    assert_eq!(ana.next_of("state").await["state"]["step"], 4);
}

#[tokio::test]
async fn a_connection_over_its_rate_is_refused_the_extra_messages_and_others_are_not() {
    let config = Config { rate: 2.0, burst: 5.0, ..config() };
    let (address, _) = server(config).await;
    let (mut teacher, code, _) = teacher(address).await; // the create used one message
    let (mut ana, _) = student(address, &code, "Ana").await;
    for step in 0..10 {
        teacher.send(json!({ "type": "state", "state": { "step": step } })).await;
    }
    // Four more fit in the burst (steps 0 to 3); the other six are refused.
    let mut errors = 0;
    while let Some(message) = teacher.try_next(Duration::from_millis(300)).await {
        if message["type"] == "error" {
            assert!(message["message"].as_str().unwrap().contains("too many messages"));
            errors += 1;
        }
    }
    assert_eq!(errors, 6);
    let mut steps = Vec::new();
    while let Some(message) = ana.try_next(Duration::from_millis(300)).await {
        steps.push(message["state"]["step"].as_i64().unwrap());
    }
    assert_eq!(steps, [0, 1, 2, 3]);
    // Another connection has its own allowance; the bucket refills with time.
    let (mut ben, _) = student(address, &code, "Ben").await;
    ben.send(json!({ "type": "answer", "id": "none", "value": 1 })).await;
    assert!(ben.error().await.contains("not being asked"));
    tokio::time::sleep(Duration::from_millis(600)).await;
    teacher.send(json!({ "type": "state", "state": { "step": 10 } })).await;
    assert_eq!(ana.next_of("state").await["state"]["step"], 10);
}
