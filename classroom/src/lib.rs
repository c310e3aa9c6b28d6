//! Backprop Lab's classroom server: serves the page and hosts rooms in
//! memory over WebSockets (`/ws`). The teacher's page creates a room and is
//! the source of truth; students join by code, follow, answer and send
//! sweep summaries. Nothing is stored: a restart ends every room.

pub mod files;
pub mod protocol;
pub mod room;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;

use protocol::{MAX_MESSAGE, Request, error};
use room::{Outcome, Peer, Room};

/// What the server allows; the tests shorten the times.
#[derive(Clone, Debug)]
pub struct Config {
    /// The page's files (the repository's root), or none to host rooms only.
    pub root: Option<PathBuf>,
    /// How long a room outlives its teacher's connection.
    pub expiry: Duration,
    /// Messages a connection may send per second, and in a burst.
    pub rate: f64,
    pub burst: f64,
    /// Rooms at once on this server.
    pub max_rooms: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            root: None,
            expiry: Duration::from_secs(30 * 60),
            rate: 10.0,
            burst: 30.0,
            max_rooms: 200,
        }
    }
}

/// Messages waiting for one slow page before it is dropped (it reconnects and gets the state anew).
const OUTBOX: usize = 1024;
/// A frame larger than this closes the connection; up to it, a message too large gets an error.
const MAX_FRAME: usize = 64 * 1024;
/// The room codes' letters: no 0/O, 1/I/L to confuse on a projector. Six of them: 31⁶ ≈ 887 million codes.
const CODE_LETTERS: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH: usize = 6;

/// Every room, by code.
pub struct Hub {
    config: Config,
    rooms: Mutex<HashMap<String, Room>>,
    next_connection: AtomicU64,
}

impl Hub {
    pub fn new(config: Config) -> Arc<Hub> {
        Arc::new(Hub {
            config,
            rooms: Mutex::new(HashMap::new()),
            next_connection: AtomicU64::new(1),
        })
    }

    /// How many rooms are open (the benchmark checks they all end).
    pub fn rooms(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Room>> {
        // A panic elsewhere never leaves a room half-changed: each change is checked before it is made.
        self.rooms.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Ends the rooms whose teacher has been gone longer than the expiry.
    pub fn expire(&self, now: Instant) {
        self.lock().retain(|_, room| {
            let expired = room
                .teacher_left
                .is_some_and(|left| now.duration_since(left) >= self.config.expiry);
            if expired {
                room.end("the teacher left and the room expired");
            }
            !expired
        });
    }

    /// One message from a connection, whose role it may set; `Err` goes back to that connection alone.
    /// `Ok(Some(reply))` is for this connection alone (a pong).
    fn handle(
        &self,
        role: &mut Role,
        outbox: &mut Option<mpsc::Sender<Utf8Bytes>>,
        id: u64,
        text: &str,
    ) -> Result<Option<&'static str>, String> {
        let request = protocol::parse(text)?;
        if request == Request::Ping {
            return Ok(Some(r#"{"type":"pong"}"#));
        }
        let mut rooms = self.lock();
        match (&*role, request) {
            (Role::None, Request::Create) => {
                if rooms.len() >= self.config.max_rooms {
                    return Err("this server has as many rooms as it allows: try later".into());
                }
                let code = loop {
                    let code = random_code();
                    if !rooms.contains_key(&code) {
                        break code;
                    }
                };
                let tx = outbox.take().expect("a connection without a role has its outbox");
                rooms
                    .insert(code.clone(), Room::new(code.clone(), random_hex(16), Peer { id, tx }));
                *role = Role::Teacher(code);
            }
            (Role::None, Request::Reclaim { code, key }) => {
                let room = rooms.get_mut(&code).ok_or_else(|| gone(&code))?;
                let tx = outbox.clone().expect("a connection without a role has its outbox");
                room.reclaim(&key, Peer { id, tx })?;
                *outbox = None;
                *role = Role::Teacher(code);
            }
            (Role::None, Request::Join { code, name, token }) => {
                let room = rooms.get_mut(&code).ok_or_else(|| gone(&code))?;
                let tx = outbox.clone().expect("a connection without a role has its outbox");
                let seat = room.join(name, token.as_deref(), Peer { id, tx }, || random_hex(16))?;
                *outbox = None;
                *role = Role::Student(code, seat);
            }
            (Role::None, _) => return Err("create, reclaim or join a room first".into()),
            (_, Request::Create | Request::Reclaim { .. } | Request::Join { .. }) => {
                return Err("this connection is already in a room".into());
            }
            (Role::Teacher(code), request) => {
                let room = rooms.get_mut(code).ok_or_else(|| gone(code))?;
                if !request.teachers() {
                    return Err("that is a student's message".into());
                }
                if room.teacher(request)? == Outcome::Ended {
                    room.end("the teacher ended the class");
                    rooms.remove(&code.clone());
                }
            }
            (Role::Student(code, seat), request) => {
                let room = rooms.get_mut(code).ok_or_else(|| gone(code))?;
                if request.teachers() {
                    return Err("only the teacher can do that".into());
                }
                room.student(*seat, request)?;
            }
        }
        Ok(None)
    }

    fn leave(&self, role: &Role, id: u64) {
        let mut rooms = self.lock();
        match role {
            Role::None => {}
            Role::Teacher(code) => {
                if let Some(room) = rooms.get_mut(code) {
                    room.leave(id, None, Instant::now());
                }
            }
            Role::Student(code, seat) => {
                if let Some(room) = rooms.get_mut(code) {
                    room.leave(id, Some(*seat), Instant::now());
                }
            }
        }
    }
}

fn gone(code: &str) -> String {
    format!("no room {code} on this server (it ended, expired or the server restarted)")
}

/// What a connection is in the class.
enum Role {
    None,
    Teacher(String),
    Student(String, usize),
}

/// A token bucket: `burst` messages at once, refilled at `rate` a second.
struct Bucket {
    tokens: f64,
    last: Instant,
}

impl Bucket {
    fn take(&mut self, config: &Config) -> bool {
        let now = Instant::now();
        self.tokens = (self.tokens + now.duration_since(self.last).as_secs_f64() * config.rate)
            .min(config.burst);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// The server: `/ws` for the class, `/api/classroom` for the page to find it, and the page's files.
pub fn app(hub: Arc<Hub>) -> Router {
    let router = Router::new().route("/ws", get(upgrade)).route(
        "/api/classroom",
        get(|| async { ([("content-type", "application/json")], r#"{"classroom":1}"#) }),
    );
    let router = match hub.config.root.clone() {
        Some(root) => router.fallback(move |uri| files::serve(root.clone(), uri)),
        None => router,
    };
    router.with_state(hub)
}

/// Runs the server on `listener` until the process ends, expiring rooms as it goes.
pub async fn run(listener: tokio::net::TcpListener, hub: Arc<Hub>) -> std::io::Result<()> {
    let reaper = hub.clone();
    let every = (hub.config.expiry / 4).clamp(Duration::from_millis(20), Duration::from_secs(5));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            reaper.expire(Instant::now());
        }
    });
    axum::serve(listener, app(hub)).await
}

async fn upgrade(ws: WebSocketUpgrade, State(hub): State<Arc<Hub>>) -> Response {
    ws.max_message_size(MAX_FRAME)
        .max_frame_size(MAX_FRAME)
        .on_upgrade(move |socket| connection(socket, hub))
        .into_response()
}

/// One page's connection: its messages in, its room's messages out.
async fn connection(socket: WebSocket, hub: Arc<Hub>) {
    let id = hub.next_connection.fetch_add(1, Ordering::Relaxed);
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = mpsc::channel::<Utf8Bytes>(OUTBOX);
    // Held until a room takes it: once the room lets go (ended, replaced, too slow), the connection closes.
    let mut outbox = Some(tx);
    let mut role = Role::None;
    let mut bucket = Bucket { tokens: hub.config.burst, last: Instant::now() };
    loop {
        tokio::select! {
            out = rx.recv() => match out {
                Some(text) => if sink.send(Message::Text(text)).await.is_err() { break },
                None => break,
            },
            incoming = stream.next() => {
                let reply = match incoming {
                    Some(Ok(Message::Text(_))) if !bucket.take(&hub.config) => Some(error(&format!(
                        "too many messages: at most {} a second (this one was ignored)",
                        hub.config.rate
                    ))),
                    Some(Ok(Message::Text(text))) => {
                        match hub.handle(&mut role, &mut outbox, id, text.as_str()) {
                            Ok(reply) => reply.map(String::from),
                            Err(message) => Some(error(&message)),
                        }
                    }
                    Some(Ok(Message::Binary(_))) => Some(error("messages are JSON text")),
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => None,
                    // Closed, or a frame over the limit: the connection ends.
                    Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                };
                if let Some(reply) = reply
                    && sink.send(Message::Text(reply.into())).await.is_err()
                {
                    break;
                }
            }
        }
    }
    hub.leave(&role, id);
}

fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("the operating system's randomness");
    bytes
}

/// A room code: six letters and digits, each drawn evenly (rejection of the bytes past a whole number of alphabets).
fn random_code() -> String {
    let mut code = String::new();
    let limit = 256 - 256 % CODE_LETTERS.len();
    while code.len() < CODE_LENGTH {
        for byte in random_bytes(CODE_LENGTH) {
            if (byte as usize) < limit && code.len() < CODE_LENGTH {
                code.push(CODE_LETTERS[byte as usize % CODE_LETTERS.len()] as char);
            }
        }
    }
    code
}

/// A secret: `n` random bytes in hexadecimal (16 bytes: 128 bits).
fn random_hex(n: usize) -> String {
    random_bytes(n).iter().map(|b| format!("{b:02x}")).collect()
}

/// The size limit, for the tests and the page.
pub const MESSAGE_LIMIT: usize = MAX_MESSAGE;
