//! The messages a page sends, read and checked before anything changes: each
//! is one small JSON object with a `type`; anything else is refused with a
//! message naming the field at fault.

use serde_json::{Map, Value};

/// The largest message a connection may send, in bytes: a state or a sweep
/// summary is a few hundred bytes; this leaves room without inviting abuse.
pub const MAX_MESSAGE: usize = 8 * 1024;
/// The longest first name, room code, question id or text answer, in characters.
pub const MAX_NAME: usize = 40;
pub const MAX_ID: usize = 100;
pub const MAX_TEXT_ANSWER: usize = 64;
/// The most cells of a sweep summary's boundary grid (32 × 32).
pub const MAX_GRID: usize = 1024;

/// What a page asks of the server.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Answered with a pong: a page checks its connection, a test that what it sent before is done.
    Ping,
    Create,
    Reclaim {
        code: String,
        key: String,
    },
    Join {
        code: String,
        name: Option<String>,
        token: Option<String>,
    },
    // The teacher's.
    State(Value),
    Ask {
        id: String,
    },
    Close,
    Show,
    Second,
    Reveal {
        answer: Value,
    },
    Reset,
    Sweep {
        id: String,
        settings: Value,
    },
    End,
    // The students'.
    Answer {
        id: String,
        value: Value,
    },
    Summary {
        id: String,
        loss: f64,
        grid: Vec<f64>,
    },
}

impl Request {
    /// Only the teacher may do this.
    pub fn teachers(&self) -> bool {
        matches!(
            self,
            Request::State(_)
                | Request::Ask { .. }
                | Request::Close
                | Request::Show
                | Request::Second
                | Request::Reveal { .. }
                | Request::Reset
                | Request::Sweep { .. }
                | Request::End
        )
    }
}

/// Reads one message; `Err` says what is wrong with it.
pub fn parse(text: &str) -> Result<Request, String> {
    if text.len() > MAX_MESSAGE {
        return Err(format!("message too large: {} bytes (at most {MAX_MESSAGE})", text.len()));
    }
    let value: Value = serde_json::from_str(text)
        .map_err(|e| format!("not JSON: {e} (line {}, column {})", e.line(), e.column()))?;
    let Value::Object(fields) = value else {
        return Err("a message is a JSON object".into());
    };
    let kind =
        fields.get("type").and_then(Value::as_str).ok_or("`type`: missing or not a string")?;
    let f = Fields(&fields);
    Ok(match kind {
        "ping" => Request::Ping,
        "create" => Request::Create,
        "reclaim" => Request::Reclaim { code: f.code()?, key: f.token("key")? },
        "join" => Request::Join {
            code: f.code()?,
            name: f.optional_text("name", MAX_NAME)?,
            token: match fields.get("token") {
                None | Some(Value::Null) => None,
                Some(_) => Some(f.token("token")?),
            },
        },
        "state" => Request::State(f.object("state")?),
        "ask" => Request::Ask { id: f.text("id", MAX_ID)? },
        "close" => Request::Close,
        "show" => Request::Show,
        "second" => Request::Second,
        "reveal" => Request::Reveal { answer: f.answer("answer")? },
        "reset" => Request::Reset,
        "sweep" => Request::Sweep { id: f.text("id", MAX_ID)?, settings: f.object("settings")? },
        "end" => Request::End,
        "answer" => Request::Answer { id: f.text("id", MAX_ID)?, value: f.answer("value")? },
        "summary" => {
            Request::Summary { id: f.text("id", MAX_ID)?, loss: f.loss()?, grid: f.grid()? }
        }
        other => return Err(format!("`type`: unknown message type `{}`", clip(other))),
    })
}

/// A message's fields, each read with its check.
struct Fields<'a>(&'a Map<String, Value>);

impl Fields<'_> {
    fn text(&self, name: &str, max: usize) -> Result<String, String> {
        let text = self
            .0
            .get(name)
            .and_then(Value::as_str)
            .ok_or(format!("`{name}`: missing or not a string"))?;
        let text = text.trim();
        if text.is_empty() {
            return Err(format!("`{name}`: empty"));
        }
        if text.chars().count() > max {
            return Err(format!("`{name}`: longer than {max} characters"));
        }
        if text.chars().any(char::is_control) {
            return Err(format!("`{name}`: control characters"));
        }
        Ok(text.to_string())
    }

    fn optional_text(&self, name: &str, max: usize) -> Result<Option<String>, String> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(_) => self.text(name, max).map(Some),
        }
    }

    /// A room code: letters and digits, read in capitals (a phone may type them small).
    fn code(&self) -> Result<String, String> {
        let code = self.text("code", 12)?.to_ascii_uppercase();
        if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err("`code`: only letters and digits".into());
        }
        Ok(code)
    }

    /// A teacher key or a student token: hexadecimal.
    fn token(&self, name: &str) -> Result<String, String> {
        let token = self.text(name, 64)?;
        if !token.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!("`{name}`: not a key this server gave"));
        }
        Ok(token.to_ascii_lowercase())
    }

    fn object(&self, name: &str) -> Result<Value, String> {
        match self.0.get(name) {
            Some(v @ Value::Object(_)) => Ok(v.clone()),
            _ => Err(format!("`{name}`: missing or not an object")),
        }
    }

    /// An answer: a finite number, or a short text (a sign, a neuron's name); never empty.
    fn answer(&self, name: &str) -> Result<Value, String> {
        match self.0.get(name) {
            Some(Value::Number(n)) if n.as_f64().is_some_and(f64::is_finite) => {
                Ok(Value::Number(n.clone()))
            }
            Some(Value::String(_)) => self.text(name, MAX_TEXT_ANSWER).map(Value::String),
            None | Some(Value::Null) => Err(format!("`{name}`: no answer given")),
            Some(_) => Err(format!("`{name}`: a number or a short text")),
        }
    }

    fn loss(&self) -> Result<f64, String> {
        match self.0.get("loss").and_then(Value::as_f64) {
            Some(loss) if loss.is_finite() && loss >= 0.0 => Ok(loss),
            _ => Err("`loss`: missing or not a finite number ≥ 0".into()),
        }
    }

    /// The coarse boundary: the network's output (0 to 1) at each cell of a small square grid.
    fn grid(&self) -> Result<Vec<f64>, String> {
        let Some(Value::Array(cells)) = self.0.get("grid") else {
            return Err("`grid`: missing or not a list".into());
        };
        if cells.len() > MAX_GRID {
            return Err(format!("`grid`: more than {MAX_GRID} cells"));
        }
        let side = (cells.len() as f64).sqrt() as usize;
        if side * side != cells.len() {
            return Err("`grid`: not a square number of cells".into());
        }
        cells
            .iter()
            .enumerate()
            .map(|(i, cell)| match cell.as_f64() {
                Some(v) if (0.0..=1.0).contains(&v) => Ok(v),
                _ => Err(format!("`grid`: cell {i} is not a number from 0 to 1")),
            })
            .collect()
    }
}

/// A client's text as echoed in an error: short.
fn clip(text: &str) -> String {
    text.chars().take(30).collect()
}

/// An error for one connection.
pub fn error(message: &str) -> String {
    serde_json::json!({ "type": "error", "message": message }).to_string()
}
