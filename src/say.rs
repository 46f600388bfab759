//! How much ctrldoc says besides its errors: `--quiet` keeps only errors,
//! `--verbose` adds what each step did.

use std::sync::atomic::{AtomicU8, Ordering};

/// How much to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Errors only.
    Quiet = 0,
    /// Errors, warnings and a summary of what was done.
    Normal = 1,
    /// Everything, with each output and each step's time.
    Verbose = 2,
}

static LEVEL: AtomicU8 = AtomicU8::new(Level::Normal as u8);

/// Sets how much to say, once, from the command line.
pub fn set(level: Level) {
    LEVEL.store(level as u8, Ordering::Relaxed);
}

/// Tells whether only errors are said.
pub fn quiet() -> bool {
    LEVEL.load(Ordering::Relaxed) == Level::Quiet as u8
}

/// Tells whether each step is said.
pub fn verbose() -> bool {
    LEVEL.load(Ordering::Relaxed) == Level::Verbose as u8
}

/// Prints a line to standard error unless `--quiet`.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        if !$crate::say::quiet() {
            eprintln!($($arg)*);
        }
    };
}

/// Prints a line to standard error with `--verbose` only.
#[macro_export]
macro_rules! detail {
    ($($arg:tt)*) => {
        if $crate::say::verbose() {
            eprintln!($($arg)*);
        }
    };
}

/// A count and its noun, singular for one: "1 page", "26 pages".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
