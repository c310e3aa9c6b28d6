//! The engine's one error type. Every message names what was wrong, the value
//! it held and what is allowed, so the page can show it to a user as it is.

use std::fmt;

/// Everything that can go wrong when building or feeding the engine.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// A setting holds a value that is not allowed.
    Invalid {
        /// The setting, as named in [`crate::Config`] (`"learning_rate"`, `"hidden[1].neurons"`).
        field: String,
        /// The offending value, written as a user would type it.
        value: String,
        /// What would be accepted instead.
        expected: String,
    },
    /// Text (JSON, CSV, a URL) could not be read.
    Parse {
        /// What was being read (`"config JSON"`).
        what: String,
        /// Why it failed, including where.
        message: String,
    },
    /// A buffer or array had the wrong length.
    Shape {
        /// What was being passed.
        what: String,
        /// The length required.
        expected: usize,
        /// The length received.
        got: usize,
    },
}

impl Error {
    pub(crate) fn invalid(
        field: impl Into<String>,
        value: impl fmt::Display,
        expected: impl Into<String>,
    ) -> Self {
        Error::Invalid { field: field.into(), value: value.to_string(), expected: expected.into() }
    }

    pub(crate) fn shape(what: impl Into<String>, expected: usize, got: usize) -> Self {
        Error::Shape { what: what.into(), expected, got }
    }

    /// The setting a user must change to fix this error, if there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid { field, value, expected } => {
                write!(f, "{field}: {value} is not allowed; expected {expected}")
            }
            Error::Parse { what, message } => write!(f, "could not read the {what}: {message}"),
            Error::Shape { what, expected, got } => {
                write!(f, "{what}: expected {expected} values, got {got}")
            }
        }
    }
}

impl std::error::Error for Error {}

/// The engine's result type.
pub type Result<T> = std::result::Result<T, Error>;
