//! A classroom server on 127.0.0.1 and WebSocket clients that speak to it.
#![allow(dead_code)] // each test file uses its own part

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use classroom::{Config, Hub};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a client waits for a message that should come.
const WAIT: Duration = Duration::from_secs(5);

/// Starts a server with `config` on a free port of 127.0.0.1.
pub async fn server(config: Config) -> (SocketAddr, Arc<Hub>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let hub = Hub::new(config);
    tokio::spawn(classroom::run(listener, hub.clone()));
    (address, hub)
}

pub struct Client {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Client {
    pub async fn connect(address: SocketAddr) -> Client {
        let (socket, _) =
            tokio_tungstenite::connect_async(format!("ws://{address}/ws")).await.unwrap();
        Client { socket }
    }

    pub async fn send(&mut self, message: Value) {
        self.send_text(message.to_string()).await;
    }

    pub async fn send_text(&mut self, text: String) {
        self.socket.send(Message::text(text)).await.unwrap();
    }

    /// The next message, whatever it is; panics after a wait.
    pub async fn next(&mut self) -> Value {
        self.try_next(WAIT).await.expect("a message from the server")
    }

    /// The next message within `wait`, or None (also when the connection closed).
    pub async fn try_next(&mut self, wait: Duration) -> Option<Value> {
        loop {
            match tokio::time::timeout(wait, self.socket.next()).await {
                Ok(Some(Ok(Message::Text(text)))) => {
                    return Some(serde_json::from_str(&text).unwrap());
                }
                Ok(Some(Ok(Message::Ping(_) | Message::Pong(_)))) => continue,
                _ => return None,
            }
        }
    }

    /// The next message of `kind`, passing over others (counts, say).
    pub async fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let message = self.next().await;
            if message["type"] == kind {
                return message;
            }
        }
    }

    /// The next view of the question (`question` messages) that `wanted` accepts, passing over the others.
    pub async fn question_where(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let question = self.next_of("question").await["question"].clone();
            if wanted(&question) {
                return question;
            }
        }
    }

    /// The error the server answers a message with.
    pub async fn error(&mut self) -> String {
        self.next_of("error").await["message"].as_str().unwrap().to_string()
    }

    /// Waits until the server has handled everything this client sent before.
    pub async fn sync(&mut self) {
        self.send(json!({ "type": "ping" })).await;
        self.next_of("pong").await;
    }

    /// Asserts nothing comes for a moment.
    pub async fn quiet(&mut self) {
        if let Some(message) = self.try_next(Duration::from_millis(150)).await {
            panic!("expected nothing, got {message}");
        }
    }

    /// True once the server has closed the connection.
    pub async fn closed(&mut self) -> bool {
        loop {
            match tokio::time::timeout(WAIT, self.socket.next()).await {
                Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return true,
                Ok(Some(Ok(_))) => continue,
                Err(_) => return false,
            }
        }
    }
}

/// A teacher who created a room: the client, the code and the key.
pub async fn teacher(address: SocketAddr) -> (Client, String, String) {
    let mut client = Client::connect(address).await;
    client.send(json!({ "type": "create" })).await;
    let created = client.next_of("teacher").await;
    let code = created["code"].as_str().unwrap().to_string();
    let key = created["key"].as_str().unwrap().to_string();
    (client, code, key)
}

/// A student who joined `code` with `name`: the client and what they were sent.
pub async fn student(address: SocketAddr, code: &str, name: &str) -> (Client, Value) {
    let mut client = Client::connect(address).await;
    client.send(json!({ "type": "join", "code": code, "name": name })).await;
    let joined = client.next_of("joined").await;
    (client, joined)
}

pub fn config() -> Config {
    Config::default()
}
