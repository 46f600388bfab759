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

/// Prints a line to standard error, as `eprintln!` does, but carries on
/// when nothing reads it any more (`ctrldoc build -v 2>&1 | head -1`),
/// where `eprintln!` would panic, perhaps halfway through a change.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Prints to standard error, as `eprint!` does (see [`errln!`]).
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// Prints a line to standard error unless `--quiet`.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        if !$crate::say::quiet() {
            $crate::errln!($($arg)*);
        }
    };
}

/// Prints to standard output, as `print!` does (see [`out`]).
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::say::out(format_args!($($arg)*))
    };
}

/// Prints a line to standard output, as `println!` does (see [`out`]).
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::say::out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// Writes to standard output. When what reads it has stopped reading
/// (`ctrldoc verify *.pdf | head -1`), ctrldoc stops quietly, with the
/// exit code of a program the shell's SIGPIPE stopped (141), where `print!`
/// would panic. Only commands that read print to standard output, so
/// nothing is left half done.
pub fn out(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(err) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(141);
        }
        eprintln!("error: cannot write to standard output: {err}");
        std::process::exit(2);
    }
}

/// Prints a line to standard error with `--verbose` only.
#[macro_export]
macro_rules! detail {
    ($($arg:tt)*) => {
        if $crate::say::verbose() {
            $crate::errln!($($arg)*);
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

/// The progress line of a build on a terminal `columns` wide: a bar, the
/// count, and the output just made, its path cut at the front (`...`) so
/// that the line never reaches the last column; a wrapped line would be left
/// on the screen by the next one, which overwrites only the row it is on.
/// (Three dots, not `…`, which a terminal set for Chinese draws two columns
/// wide.)
pub fn progress_line(done: usize, total: usize, path: &str, columns: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    const BAR: usize = 20;
    const CUT: &str = "...";
    let filled = (done * BAR).checked_div(total).unwrap_or(BAR).min(BAR);
    let head = format!(
        "[{}{}] {done}/{total} ",
        "#".repeat(filled),
        "-".repeat(BAR - filled)
    );
    // The last column is left empty: some terminals wrap on writing it.
    let room = columns.saturating_sub(1);
    if head.width() + path.width() <= room {
        return format!("{head}{path}");
    }
    let Some(left) = room.checked_sub(head.width() + CUT.width()) else {
        return head.trim_end().chars().take(room).collect();
    };
    // The longest end of the path, which names the output, that fits; each
    // end measured whole, as a terminal draws it.
    let tail = path
        .char_indices()
        .map(|(at, _)| &path[at..])
        .find(|tail| tail.width() <= left)
        .unwrap_or("");
    format!("{head}{CUT}{tail}")
}

/// How many columns standard error's terminal has; 80 when it cannot be told.
pub fn terminal_columns() -> usize {
    #[cfg(target_os = "linux")]
    if let Ok(size) = rustix::termios::tcgetwinsize(std::io::stderr())
        && size.ws_col > 0
    {
        return usize::from(size.ws_col);
    }
    80
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::progress_line;

    #[test]
    fn a_progress_line_shows_a_bar_the_count_and_the_output() {
        assert_eq!(
            progress_line(512, 1037, "forms/QR-XS-006-销售日报表.pdf", 80),
            "[#########-----------] 512/1037 forms/QR-XS-006-销售日报表.pdf"
        );
        assert_eq!(
            progress_line(1037, 1037, "master-list.pdf", 80),
            "[####################] 1037/1037 master-list.pdf"
        );
        assert_eq!(
            progress_line(0, 0, "x.pdf", 80),
            "[####################] 0/0 x.pdf"
        );
    }

    #[test]
    fn a_progress_line_never_wraps_cutting_the_path_at_its_front() {
        let path = "copies/XS-ZD-001-A0-controlled-copy-03-销售服务管控管理制度.pdf";
        // The head is 28 columns wide, the path 63.
        for columns in (2..=100).chain([1000]) {
            let line = progress_line(3, 23, path, columns);
            assert!(
                line.width() < columns,
                "{columns} columns: `{line}` is {} wide",
                line.width()
            );
            assert_eq!(
                line.ends_with(path),
                columns > 91,
                "{columns} columns: `{line}`"
            );
        }
        assert_eq!(progress_line(3, 23, path, 1), "");
        assert_eq!(progress_line(3, 23, path, 0), "");
        // Cut by whole characters, each Chinese character two columns wide;
        // with no room for the dots, the count alone.
        for (columns, line) in [
            (46, "[##------------------] 3/23 ...控管理制度.pdf"),
            (45, "[##------------------] 3/23 ...管理制度.pdf"),
            (32, "[##------------------] 3/23 ..."),
            (31, "[##------------------] 3/23"),
        ] {
            assert_eq!(
                progress_line(3, 23, path, columns),
                line,
                "{columns} columns"
            );
        }
        // An end of a path is measured whole: a character with a variation
        // selector is as wide as the terminal draws it.
        let line = progress_line(3, 23, "forms/✔\u{FE0F}✔\u{FE0F}✔\u{FE0F}.pdf", 38);
        assert!(line.width() < 38, "`{line}` is {} wide", line.width());
    }
}
