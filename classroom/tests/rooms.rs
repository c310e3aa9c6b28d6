//! Creating and joining rooms, the teacher's state followed, the count, reconnecting, reclaiming and expiry.

mod common;

use std::time::Duration;

use classroom::Config;
use common::{Client, config, server, student, teacher};
use serde_json::json;

#[tokio::test]
async fn a_teacher_creates_a_room_with_a_short_code_and_a_secret_key() {
    let (address, hub) = server(config()).await;
    let (_teacher, code, key) = teacher(address).await;
    assert_eq!(code.len(), 6);
    assert!(code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()), "{code}");
    assert!(!code.contains(['0', 'O', '1', 'I', 'L']), "{code}");
    assert_eq!(key.len(), 32);
    assert!(key.chars().all(|c| c.is_ascii_hexdigit()));
    let (_other, other_code, other_key) = teacher(address).await;
    assert_ne!(code, other_code);
    assert_ne!(key, other_key);
    assert_eq!(hub.rooms(), 2);
}

#[tokio::test]
async fn students_join_by_code_follow_the_state_and_never_see_the_key() {
    let (address, _) = server(config()).await;
    let (mut teacher, code, key) = teacher(address).await;
    teacher.send(json!({ "type": "state", "state": { "lesson": "loss", "step": 2 } })).await;
    teacher.sync().await;
    // A phone may type the code in small letters.
    let (mut ana, joined) = student(address, &code.to_lowercase(), "Ana").await;
    assert_eq!(joined["code"], code.as_str());
    assert_eq!(joined["name"], "Ana");
    assert_eq!(joined["state"], json!({ "lesson": "loss", "step": 2 }));
    assert_eq!(joined["token"].as_str().unwrap().len(), 32);
    assert!(!joined.to_string().contains(&key), "a student was sent the teacher's key");
    assert_eq!(teacher.next_of("count").await["students"], 1);
    let (mut ben, _) = student(address, &code, "").await;
    assert_eq!(teacher.next_of("count").await["students"], 2);

    teacher
        .send(json!({ "type": "state", "state": { "lesson": "loss", "step": 3, "phase": "loss" } }))
        .await;
    for s in [&mut ana, &mut ben] {
        let state = s.next_of("state").await;
        assert_eq!(state["state"]["step"], 3);
        assert!(!state.to_string().contains(&key));
    }
    drop(ben);
    assert_eq!(teacher.next_of("count").await["students"], 1);
}

#[tokio::test]
async fn joining_a_room_that_does_not_exist_is_refused_plainly() {
    let (address, _) = server(config()).await;
    let mut client = Client::connect(address).await;
    client.send(json!({ "type": "join", "code": "ZZZZZZ" })).await;
    assert!(client.error().await.contains("no room ZZZZZZ"));
    // The same connection may still join a real room.
    let (_teacher, code, _) = teacher(address).await;
    client.send(json!({ "type": "join", "code": code })).await;
    assert_eq!(client.next_of("joined").await["seat"], 0);
}

#[tokio::test]
async fn a_student_who_reconnects_with_their_token_gets_the_current_state() {
    let (address, _) = server(config()).await;
    let (mut teacher, code, _) = teacher(address).await;
    let (phone, joined) = student(address, &code, "Ana").await;
    let token = joined["token"].as_str().unwrap().to_string();
    assert_eq!(teacher.next_of("count").await["students"], 1);
    drop(phone); // asleep
    assert_eq!(teacher.next_of("count").await["students"], 0);
    teacher.send(json!({ "type": "state", "state": { "step": 5 } })).await;
    teacher.send(json!({ "type": "ask", "id": "loss/5" })).await;
    teacher.next_of("question").await;
    let mut back = Client::connect(address).await;
    back.send(json!({ "type": "join", "code": code, "token": token })).await;
    let rejoined = back.next_of("joined").await;
    assert_eq!(rejoined["seat"], 0);
    assert_eq!(rejoined["name"], "Ana");
    assert_eq!(rejoined["state"]["step"], 5);
    assert_eq!(rejoined["question"]["id"], "loss/5");
    assert_eq!(rejoined["question"]["open"], true);
    // Still one student, not two.
    assert_eq!(teacher.next_of("count").await["students"], 1);
    // A token the room never gave is refused.
    let mut stranger = Client::connect(address).await;
    stranger.send(json!({ "type": "join", "code": code, "token": "00".repeat(16) })).await;
    assert!(stranger.error().await.contains("not in the room"));
}

#[tokio::test]
async fn a_teacher_who_reloads_takes_the_room_back_with_the_key_only() {
    let (address, _) = server(config()).await;
    let (teacher, code, key) = teacher(address).await;
    let (mut ana, _) = student(address, &code, "Ana").await;
    drop(teacher);
    let mut thief = Client::connect(address).await;
    thief.send(json!({ "type": "reclaim", "code": code, "key": "ab".repeat(16) })).await;
    assert!(thief.error().await.contains("wrong teacher key"));
    let mut again = Client::connect(address).await;
    again.send(json!({ "type": "reclaim", "code": code, "key": key })).await;
    let view = again.next_of("teacher").await;
    assert_eq!(view["students"], 1);
    again.send(json!({ "type": "state", "state": { "step": 1 } })).await;
    assert_eq!(ana.next_of("state").await["state"]["step"], 1);
    // A second tab taking over tells the first it was replaced.
    let mut third = Client::connect(address).await;
    third.send(json!({ "type": "reclaim", "code": code, "key": key })).await;
    third.next_of("teacher").await;
    assert_eq!(again.next_of("replaced").await["type"], "replaced");
    assert!(again.closed().await);
}

#[tokio::test]
async fn a_room_expires_when_its_teacher_is_gone_for_the_set_time() {
    let config = Config { expiry: Duration::from_millis(300), ..config() };
    let (address, hub) = server(config).await;
    let (teacher, code, key) = teacher(address).await;
    let (mut ana, _) = student(address, &code, "Ana").await;
    // Back in time: the room is kept.
    drop(teacher);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut back = Client::connect(address).await;
    back.send(json!({ "type": "reclaim", "code": code, "key": key })).await;
    back.next_of("teacher").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(hub.rooms(), 1, "a room with its teacher present never expires");
    // Gone for longer than the expiry: the room ends, the students are told.
    drop(back);
    let ended = ana.next_of("ended").await;
    assert!(ended["reason"].as_str().unwrap().contains("expired"));
    assert!(ana.closed().await);
    assert_eq!(hub.rooms(), 0);
    let mut late = Client::connect(address).await;
    late.send(json!({ "type": "reclaim", "code": code, "key": key })).await;
    assert!(late.error().await.contains("no room"));
}

#[tokio::test]
async fn the_teacher_ends_the_class_and_the_room_is_gone() {
    let (address, hub) = server(config()).await;
    let (mut teacher, code, _) = teacher(address).await;
    let (mut ana, _) = student(address, &code, "Ana").await;
    teacher.send(json!({ "type": "end" })).await;
    assert_eq!(ana.next_of("ended").await["reason"], "the teacher ended the class");
    assert!(ana.closed().await);
    assert!(teacher.closed().await);
    assert_eq!(hub.rooms(), 0);
}

#[tokio::test]
async fn the_server_serves_the_page_and_answers_the_pages_probe() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let (address, _) = server(Config { root: Some(root), ..config() }).await;
    let get = |path: &str| {
        let path = path.to_string();
        async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
            let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            stream.write_all(request.as_bytes()).await.unwrap();
            let mut response = String::new();
            stream.read_to_string(&mut response).await.unwrap();
            response
        }
    };
    let index = get("/").await;
    assert!(index.starts_with("HTTP/1.1 200"), "{}", &index[..40]);
    assert!(index.contains("text/html"));
    assert!(get("/api/classroom").await.contains(r#"{"classroom":1}"#));
    assert!(get("/www/qr.js").await.starts_with("HTTP/1.1 200"));
    assert!(get("/Cargo.toml").await.starts_with("HTTP/1.1 404"));
    assert!(get("/www/../Cargo.toml").await.starts_with("HTTP/1.1 404"));
}
