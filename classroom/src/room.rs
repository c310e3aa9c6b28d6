//! One class in memory: the teacher, the students by seat, the teacher's last
//! state, the question being asked (two rounds of answers) and the class
//! sweep. Every change is checked first and either done whole or refused
//! with a message, and each page is sent what it may see.

use std::collections::HashMap;
use std::time::Instant;

use axum::extract::ws::Utf8Bytes;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::protocol::Request;

/// The most students one room holds (a large lecture hall).
pub const MAX_STUDENTS: usize = 500;

/// A connected page: its connection's id and its outbox.
#[derive(Clone, Debug)]
pub struct Peer {
    pub id: u64,
    pub tx: mpsc::Sender<Utf8Bytes>,
}

impl Peer {
    /// Queues a message; false if the page is gone or too far behind (its
    /// connection is then dropped: it reconnects and gets the state anew).
    fn send(&self, message: &Utf8Bytes) -> bool {
        self.tx.try_send(message.clone()).is_ok()
    }
}

struct Student {
    token: String,
    name: Option<String>,
    peer: Option<Peer>,
}

/// A predict-then-reveal question: up to two rounds of answers, by seat.
struct Question {
    id: String,
    /// 0 for the first round, 1 for the second.
    round: usize,
    open: bool,
    /// Each round's results shown to the class (the spread, without the right answer).
    shown: [bool; 2],
    /// The engine's answer, once the teacher reveals it.
    revealed: Option<Value>,
    answers: [HashMap<usize, Value>; 2],
    /// Each student's neighbour for the second round's discussion, by seat.
    neighbours: HashMap<usize, usize>,
}

/// A class sweep: each student it was given to trains the same setup with
/// its own index (its seed or learning rate) and sends a summary back.
struct Sweep {
    id: String,
    settings: Value,
    /// Seats by index.
    seats: Vec<usize>,
    summaries: Vec<Option<Value>>,
}

/// What a teacher's request did.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    Done,
    /// The teacher ended the class: the room is to be removed.
    Ended,
}

pub struct Room {
    pub code: String,
    key: String,
    teacher: Option<Peer>,
    /// When the teacher's connection went (the room expires after a while).
    pub teacher_left: Option<Instant>,
    students: Vec<Student>,
    state: Option<Value>,
    question: Option<Question>,
    sweep: Option<Sweep>,
}

fn text(value: Value) -> Utf8Bytes {
    Utf8Bytes::from(value.to_string())
}

impl Room {
    /// A new room with its teacher, who is sent the code and key.
    pub fn new(code: String, key: String, teacher: Peer) -> Room {
        let mut room = Room {
            code,
            key,
            teacher: Some(teacher),
            teacher_left: None,
            students: Vec::new(),
            state: None,
            question: None,
            sweep: None,
        };
        let view = room.teacher_view();
        room.tell_teacher(view);
        room
    }

    /// The teacher takes the room back (a reload, another tab) with the key.
    pub fn reclaim(&mut self, key: &str, peer: Peer) -> Result<(), String> {
        if !same(key, &self.key) {
            return Err("wrong teacher key for this room".into());
        }
        if let Some(old) = self.teacher.replace(peer) {
            old.send(&text(json!({ "type": "replaced" })));
        }
        self.teacher_left = None;
        self.tell_teacher(self.teacher_view());
        Ok(())
    }

    /// A student joins, or comes back with their token: they get the current state. Returns their seat.
    pub fn join(
        &mut self,
        name: Option<String>,
        token: Option<&str>,
        peer: Peer,
        new_token: impl FnOnce() -> String,
    ) -> Result<usize, String> {
        let seat = match token {
            Some(token) => self.students.iter().position(|s| same(&s.token, token)).ok_or(
                "this link's student is not in the room (the room may have restarted): join again",
            )?,
            None => {
                if self.students.len() >= MAX_STUDENTS {
                    return Err(format!("the room is full ({MAX_STUDENTS} students)"));
                }
                self.students.push(Student { token: new_token(), name, peer: None });
                self.students.len() - 1
            }
        };
        if let Some(old) = self.students[seat].peer.replace(peer) {
            old.send(&text(json!({ "type": "replaced" })));
        }
        let welcome = self.student_welcome(seat);
        self.tell_student(seat, welcome);
        self.count();
        Ok(seat)
    }

    /// A connection went: the teacher's starts the expiry clock; a student keeps their seat.
    pub fn leave(&mut self, connection: u64, seat: Option<usize>, now: Instant) {
        match seat {
            None if self.teacher.as_ref().is_some_and(|t| t.id == connection) => {
                self.teacher = None;
                self.teacher_left = Some(now);
            }
            Some(seat) if self.students[seat].peer.as_ref().is_some_and(|p| p.id == connection) => {
                self.students[seat].peer = None;
                self.count();
            }
            _ => {}
        }
    }

    /// Tells every page the class has ended and lets go of them (their connections close).
    pub fn end(&mut self, reason: &str) {
        let message = text(json!({ "type": "ended", "reason": reason }));
        for student in &mut self.students {
            if let Some(peer) = student.peer.take() {
                peer.send(&message);
            }
        }
        if let Some(teacher) = self.teacher.take() {
            teacher.send(&message);
        }
    }

    pub fn connected(&self) -> usize {
        self.students.iter().filter(|s| s.peer.is_some()).count()
    }

    pub fn teacher_present(&self) -> bool {
        self.teacher.is_some()
    }

    /// One of the teacher's requests.
    pub fn teacher(&mut self, request: Request) -> Result<Outcome, String> {
        match request {
            Request::State(state) => {
                let message = text(json!({ "type": "state", "state": state }));
                self.state = Some(state);
                self.tell_students(&message);
                return Ok(Outcome::Done);
            }
            Request::Ask { id } => {
                self.question = Some(Question {
                    id,
                    round: 0,
                    open: true,
                    shown: [false; 2],
                    revealed: None,
                    answers: Default::default(),
                    neighbours: HashMap::new(),
                });
            }
            Request::Close => {
                let q = self.asked()?;
                if !q.open {
                    return Err("the vote is already closed".into());
                }
                q.open = false;
            }
            Request::Show => {
                let q = self.asked()?;
                if q.open {
                    return Err("close the vote before showing the results".into());
                }
                q.shown[q.round] = true;
            }
            Request::Second => {
                let connected: Vec<bool> = self.students.iter().map(|s| s.peer.is_some()).collect();
                let q = self.asked()?;
                if q.open || q.round == 1 {
                    return Err("a second round follows a closed first round".into());
                }
                q.round = 1;
                q.open = true;
                q.neighbours = pairs(&connected);
            }
            Request::Reveal { answer } => {
                let q = self.asked()?;
                q.open = false;
                q.shown = [true, q.round == 1];
                q.revealed = Some(answer);
            }
            Request::Reset => self.question = None,
            Request::Sweep { id, settings } => {
                let seats: Vec<usize> =
                    (0..self.students.len()).filter(|&s| self.students[s].peer.is_some()).collect();
                let summaries = vec![None; seats.len()];
                self.sweep = Some(Sweep { id, settings, seats, summaries });
                for seat in self.sweep.as_ref().map(|s| s.seats.clone()).unwrap_or_default() {
                    let assignment = self.assignment(seat);
                    self.tell_student(seat, json!({ "type": "sweep", "sweep": assignment }));
                }
                self.tell_teacher(self.teacher_view());
                return Ok(Outcome::Done);
            }
            Request::End => return Ok(Outcome::Ended),
            _ => return Err("not a teacher's message".into()),
        }
        self.question_changed();
        Ok(Outcome::Done)
    }

    /// One of a student's requests (they may only answer and send their sweep's summary).
    pub fn student(&mut self, seat: usize, request: Request) -> Result<(), String> {
        match request {
            Request::Answer { id, value } => {
                let q = self
                    .question
                    .as_mut()
                    .filter(|q| q.id == id)
                    .ok_or("that question is not being asked now")?;
                if !q.open {
                    return Err("the vote is closed: your answer stands".into());
                }
                let round = q.round;
                q.answers[round].insert(seat, value);
                let view = self.student_question(seat);
                self.tell_student(seat, json!({ "type": "question", "question": view }));
                self.count();
                // The teacher's own screen may peek at the share right while the vote is open.
                self.tell_teacher(
                    json!({ "type": "question", "question": self.teacher_question() }),
                );
                Ok(())
            }
            Request::Summary { id, loss, grid } => {
                let sweep = self
                    .sweep
                    .as_mut()
                    .filter(|s| s.id == id)
                    .ok_or("that sweep is not running now")?;
                let index = sweep
                    .seats
                    .iter()
                    .position(|&s| s == seat)
                    .ok_or("you were not given a part of this sweep")?;
                if sweep.summaries[index].is_some() {
                    return Err("your summary is already in".into());
                }
                let name = self.students[seat].name.clone();
                let summary = json!({ "index": index, "name": name, "loss": loss, "grid": grid });
                sweep.summaries[index] = Some(summary.clone());
                self.tell_teacher(json!({ "type": "summary", "summary": summary }));
                Ok(())
            }
            _ => Err("only the teacher can do that".into()),
        }
    }

    fn asked(&mut self) -> Result<&mut Question, String> {
        self.question.as_mut().ok_or_else(|| "no question is being asked".into())
    }

    fn question_changed(&mut self) {
        for seat in 0..self.students.len() {
            if self.students[seat].peer.is_some() {
                let view = self.student_question(seat);
                self.tell_student(seat, json!({ "type": "question", "question": view }));
            }
        }
        self.tell_teacher(json!({ "type": "question", "question": self.teacher_question() }));
    }

    /// The count of students and answers, for the teacher.
    fn count(&mut self) {
        let answered = self.question.as_ref().map(|q| [q.answers[0].len(), q.answers[1].len()]);
        self.tell_teacher(
            json!({ "type": "count", "students": self.connected(), "answered": answered }),
        );
    }

    fn teacher_view(&self) -> Value {
        json!({
            "type": "teacher",
            "code": self.code,
            "key": self.key,
            "students": self.connected(),
            "state": self.state,
            "question": self.teacher_question(),
            "sweep": self.sweep.as_ref().map(|s| json!({
                "id": s.id, "settings": s.settings, "count": s.seats.len(),
                "summaries": s.summaries.iter().flatten().collect::<Vec<_>>(),
            })),
        })
    }

    fn student_welcome(&self, seat: usize) -> Value {
        let student = &self.students[seat];
        json!({
            "type": "joined",
            "code": self.code,
            "token": student.token,
            "seat": seat,
            "name": student.name,
            "state": self.state,
            "question": self.student_question(seat),
            "sweep": self.assignment(seat),
        })
    }

    /// The question as the teacher sees it: every answer, always (the page keeps them off the projector until shown).
    fn teacher_question(&self) -> Value {
        let Some(q) = &self.question else { return Value::Null };
        json!({
            "id": q.id, "round": q.round + 1, "open": q.open, "shown": q.shown, "revealed": q.revealed,
            "answered": [q.answers[0].len(), q.answers[1].len()],
            "results": [tally(&q.answers[0]), tally(&q.answers[1])],
        })
    }

    /// The question as one student sees it: their own answers, the results only once shown, their neighbour.
    fn student_question(&self, seat: usize) -> Value {
        let Some(q) = &self.question else { return Value::Null };
        let neighbour = q.neighbours.get(&seat).map(|&n| match &self.students[n].name {
            Some(name) => name.clone(),
            None => format!("student {}", n + 1),
        });
        let results = [0, 1].map(|r| q.shown[r].then(|| tally(&q.answers[r])));
        json!({
            "id": q.id, "round": q.round + 1, "open": q.open, "shown": q.shown, "revealed": q.revealed,
            "mine": [q.answers[0].get(&seat), q.answers[1].get(&seat)],
            "results": results,
            "neighbour": neighbour,
        })
    }

    fn assignment(&self, seat: usize) -> Value {
        let Some(sweep) = &self.sweep else { return Value::Null };
        let Some(index) = sweep.seats.iter().position(|&s| s == seat) else { return Value::Null };
        json!({
            "id": sweep.id, "settings": sweep.settings, "index": index, "count": sweep.seats.len(),
            "sent": sweep.summaries[index].is_some(),
        })
    }

    /// A teacher's page too far behind is let go like a student's: it reconnects, reclaims and gets the whole view.
    fn tell_teacher(&mut self, message: Value) {
        if self.teacher.as_ref().is_some_and(|t| !t.send(&text(message))) {
            self.teacher = None;
            self.teacher_left = Some(Instant::now());
        }
    }

    fn tell_student(&mut self, seat: usize, message: Value) {
        let student = &mut self.students[seat];
        if student.peer.as_ref().is_some_and(|p| !p.send(&text(message))) {
            student.peer = None;
        }
    }

    fn tell_students(&mut self, message: &Utf8Bytes) {
        for student in &mut self.students {
            if student.peer.as_ref().is_some_and(|p| !p.send(message)) {
                student.peer = None;
            }
        }
    }
}

/// Each answer given and how many gave it, the most given first (ties in the order of their JSON text).
fn tally(answers: &HashMap<usize, Value>) -> Value {
    let mut counts: Vec<(String, Value, usize)> = Vec::new();
    for value in answers.values() {
        let key = value.to_string();
        match counts.iter_mut().find(|(k, _, _)| *k == key) {
            Some(entry) => entry.2 += 1,
            None => counts.push((key, value.clone(), 1)),
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    Value::Array(counts.into_iter().map(|(_, value, n)| json!([value, n])).collect())
}

/// Neighbours for the discussion: the connected students in seat order, two by
/// two; the last one of an odd class joins the pair before.
fn pairs(connected: &[bool]) -> HashMap<usize, usize> {
    let seats: Vec<usize> = (0..connected.len()).filter(|&s| connected[s]).collect();
    let mut neighbours = HashMap::new();
    for pair in seats.chunks(2) {
        match pair {
            [a, b] => {
                neighbours.insert(*a, *b);
                neighbours.insert(*b, *a);
            }
            [last] if seats.len() > 1 => {
                neighbours.insert(*last, seats[seats.len() - 2]);
            }
            _ => {}
        }
    }
    neighbours
}

/// Compares two secrets in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_pair_the_connected_students_in_seat_order() {
        // Seats 0..5, seat 2 away: pairs (0, 1), (3, 4); seat 5 joins the last pair.
        let neighbours = pairs(&[true, true, false, true, true, true]);
        assert_eq!(neighbours.get(&0), Some(&1));
        assert_eq!(neighbours.get(&1), Some(&0));
        assert_eq!(neighbours.get(&2), None);
        assert_eq!(neighbours.get(&3), Some(&4));
        assert_eq!(neighbours.get(&5), Some(&4));
        // One student alone has nobody to discuss with.
        assert!(pairs(&[true]).is_empty());
    }

    #[test]
    fn a_tally_counts_equal_answers_the_most_given_first() {
        let answers: HashMap<usize, Value> =
            [(0, json!(0.5)), (1, json!("positive")), (2, json!(0.5)), (3, json!(0.25))].into();
        // Ties in the order of their JSON text, the same for every page.
        assert_eq!(tally(&answers), json!([[0.5, 2], ["positive", 1], [0.25, 1]]));
    }

    #[test]
    fn secrets_compare_equal_only_when_equal() {
        assert!(same("ab12", "ab12"));
        assert!(!same("ab12", "ab13"));
        assert!(!same("ab12", "ab123"));
    }
}
