//! The classroom's load benchmark (not a timed test): N simulated students in
//! one room on 127.0.0.1 follow the teacher's steps (the delay from the
//! teacher's send to each student's receipt), answer a question (aggregated
//! by the server, checked against what was sent), and the process's memory
//! after the room ends is compared with before it began.
//! `cargo xtask classroom-bench [--students N] [--steps S]`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use classroom::{Config, Hub};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The time between two of the teacher's steps: a brisk teacher, within the rate limit.
const STEP_EVERY: Duration = Duration::from_millis(150);

async fn connect(address: SocketAddr) -> Socket {
    tokio_tungstenite::connect_async(format!("ws://{address}/ws")).await.expect("connect").0
}

async fn send(socket: &mut Socket, message: Value) {
    socket.send(Message::text(message.to_string())).await.expect("send");
}

async fn next_of(socket: &mut Socket, kind: &str) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(30), socket.next())
            .await
            .expect("a message within 30 s")
            .expect("an open connection")
            .expect("a message");
        if let Message::Text(text) = message {
            let value: Value = serde_json::from_str(&text).expect("JSON");
            if value["type"] == kind {
                return value;
            }
        }
    }
}

/// Counts the bytes allocated and not yet freed: the live heap, exactly, whatever the allocator keeps from the system.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded as given.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded as given.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_kib() -> usize {
    LIVE.load(Ordering::Relaxed) / 1024
}

/// The process's resident memory in KiB (Linux), or 0 where it cannot be read.
fn resident_kib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0);
    pages * 4
}

struct Run {
    delays_ms: Vec<f64>,
    /// The live heap with the room full, all answers in.
    peak_kib: usize,
    answers_right: bool,
    tally: Value,
}

/// One class: the teacher steps, every student follows and answers; then the class ends.
async fn class(address: SocketAddr, students: usize, steps: usize) -> Run {
    let start = Instant::now();
    let mut teacher = connect(address).await;
    send(&mut teacher, json!({ "type": "create" })).await;
    let code = next_of(&mut teacher, "teacher").await["code"].as_str().unwrap().to_string();
    let mut phones = Vec::new();
    for i in 0..students {
        let code = code.clone();
        let mut socket = connect(address).await;
        send(&mut socket, json!({ "type": "join", "code": code, "name": format!("s{i}") })).await;
        next_of(&mut socket, "joined").await;
        phones.push(socket);
    }
    // Each phone: receive every step, noting the delay from the teacher's send; then answer.
    let followers: Vec<_> = phones
        .into_iter()
        .enumerate()
        .map(|(i, mut socket)| {
            tokio::spawn(async move {
                let mut delays = Vec::with_capacity(steps);
                for _ in 0..steps {
                    let state = next_of(&mut socket, "state").await;
                    let sent = state["state"]["sent_us"].as_f64().unwrap();
                    delays.push((start.elapsed().as_micros() as f64 - sent) / 1000.0);
                }
                next_of(&mut socket, "question").await;
                send(
                    &mut socket,
                    json!({ "type": "answer", "id": "bench", "value": (i % 4) as f64 / 4.0 }),
                )
                .await;
                next_of(&mut socket, "ended").await;
                delays
            })
        })
        .collect();
    for step in 0..steps {
        let sent_us = start.elapsed().as_micros() as f64;
        send(&mut teacher, json!({ "type": "state", "state": { "lesson": "backward", "step": step, "phase": "loss", "sent_us": sent_us } })).await;
        tokio::time::sleep(STEP_EVERY).await;
    }
    send(&mut teacher, json!({ "type": "ask", "id": "bench" })).await;
    loop {
        let count = next_of(&mut teacher, "count").await;
        if count["answered"][0] == students {
            break;
        }
    }
    send(&mut teacher, json!({ "type": "close" })).await;
    let tally = next_of(&mut teacher, "question").await["question"]["results"][0].clone();
    let expected: Vec<(f64, u64)> = (0..4)
        .map(|k| (k as f64 / 4.0, (0..students).filter(|i| i % 4 == k).count() as u64))
        .filter(|&(_, n)| n > 0)
        .collect();
    let mut got: Vec<(f64, u64)> = tally
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| (pair[0].as_f64().unwrap(), pair[1].as_u64().unwrap()))
        .collect();
    got.sort_by(|a, b| a.0.total_cmp(&b.0));
    let peak_kib = live_kib();
    send(&mut teacher, json!({ "type": "end" })).await;
    let mut delays_ms = Vec::new();
    for follower in followers {
        delays_ms.extend(follower.await.expect("a student's task"));
    }
    Run { delays_ms, peak_kib, answers_right: got == expected, tally }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn flag(args: &[String], name: &str, default: usize) -> usize {
    args.windows(2).find(|w| w[0] == name).and_then(|w| w[1].parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let students = flag(&args, "--students", 200);
    let steps = flag(&args, "--steps", 40);
    let listener =
        tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port on 127.0.0.1");
    let address = listener.local_addr().unwrap();
    let hub = Hub::new(Config { burst: 60.0, ..Config::default() });
    tokio::spawn(classroom::run(listener, hub.clone()));

    // A first class warms the allocator and the runtime up; the baseline is taken after it.
    class(address, students, steps).await;
    settle(&hub).await;
    let (baseline, baseline_rss) = (live_kib(), resident_kib());
    let run = class(address, students, steps).await;
    let mut delays = run.delays_ms;
    delays.sort_by(f64::total_cmp);
    let receipts = delays.len();
    let (median, p95, max) =
        (percentile(&delays, 0.5), percentile(&delays, 0.95), delays[receipts - 1]);
    // The measurements themselves are let go of before memory is read again.
    drop(delays);
    settle(&hub).await;
    let (after, after_rss) = (live_kib(), resident_kib());

    println!(
        "classroom load: {students} students in one room on 127.0.0.1, {steps} teacher steps every {} ms",
        STEP_EVERY.as_millis()
    );
    println!(
        "  step broadcast delay: median {median:.2} ms, 95th percentile {p95:.2} ms, max {max:.2} ms ({receipts} receipts)"
    );
    let verdict = if run.answers_right { "correct" } else { "WRONG" };
    println!("  {students} answers aggregated: {verdict} ({})", run.tally);
    println!(
        "  live heap: {baseline} KiB before the room, {} KiB with it, {after} KiB after it ended ({:+} KiB); rooms left: {}",
        run.peak_kib,
        after as i64 - baseline as i64,
        hub.rooms()
    );
    println!(
        "  resident memory: {baseline_rss} KiB before, {after_rss} KiB after ({:+} KiB, kept by the allocator for reuse)",
        after_rss as i64 - baseline_rss as i64
    );
    if !run.answers_right || hub.rooms() != 0 || receipts != students * steps {
        std::process::exit(1);
    }
}

/// Waits until the room is gone and every connection has closed.
async fn settle(hub: &Hub) {
    while hub.rooms() > 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
}
