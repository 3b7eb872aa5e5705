//! A value with the file and byte range it was read from.

use std::cell::Cell;
use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer};

use crate::source::{FileId, Loc};

thread_local! {
    /// The file being deserialized on this thread, stamped into every [`Sp`].
    static CURRENT_FILE: Cell<FileId> = const { Cell::new(FileId(0)) };
}

/// Runs `parse` with `file` as the file stamped into the [`Sp`] values it creates.
pub fn with_file<T>(file: FileId, parse: impl FnOnce() -> T) -> T {
    let previous = CURRENT_FILE.with(|cell| cell.replace(file));
    let result = parse();
    CURRENT_FILE.with(|cell| cell.set(previous));
    result
}

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sp<T> {
    pub value: T,
    pub loc: Loc,
}

impl<T> Sp<T> {
    pub fn new(value: T, loc: Loc) -> Self {
        Sp { value, loc }
    }
}

impl<T> Deref for Sp<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Display> fmt::Display for Sp<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

/// Writes only the value: the location belongs to the file the value came from.
impl<T: serde::Serialize> serde::Serialize for Sp<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let span = spanned.referenced.span();
        let file = CURRENT_FILE.with(Cell::get);
        let loc = Loc {
            file,
            offset: span.byte_offset().unwrap_or(0) as usize,
            len: span.byte_len().unwrap_or(0) as usize,
        };
        Ok(Sp::new(spanned.value, loc))
    }
}
