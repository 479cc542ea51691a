//! No test reads the wall clock. A test that takes "today" from the machine
//! passes or fails with the hour it runs at (a UTC date is not the
//! department's date between 19:00 and midnight in New York); every test
//! app's clock stands at a fixed instant instead (helpers::start_instant).
//!
//! This scans the tests (tests/**/*.rs) and the `#[cfg(test)]` items of
//! src/**/*.rs, comments and string literals left out, for calls that read
//! the machine's time. The one exception is a test measuring elapsed time
//! for a timeout (a browser suite's wait): such a line, or the line above
//! it, carries `allow-wall-clock:` and a reason.

use std::path::{Path, PathBuf};

/// What reads the machine's time, and why each is refused. (The names are
/// put together from parts so that this file, which must name them, does
/// not itself read as a test that reads the clock to a plain text search.)
const FORBIDDEN: [(&str, &str); 10] = [
    (concat!("Utc", "::now("), "the wall clock"),
    (concat!("Local", "::now("), "the wall clock"),
    ("Utc::today(", "the wall clock"),
    ("Local::today(", "the wall clock"),
    (concat!("SystemTime", "::now("), "the wall clock"),
    ("Instant::now(", "the machine's clock"),
    ("Clock::system(", "a clock on the wall clock"),
    ("Clock::default(", "a clock on the wall clock"),
    (
        "Application::build(",
        "an app on the wall clock (use build_with_clock)",
    ),
    (
        "now().date_naive()",
        "the UTC date, not the department's (use app.today())",
    ),
];

const MARKER: &str = "allow-wall-clock:";

#[test]
fn no_test_reads_the_wall_clock() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    let mut scanned = 0;
    for file in rust_files(&root.join("tests")) {
        let source = std::fs::read_to_string(&file).unwrap();
        let code = code_only(&source);
        found.extend(wall_clock_reads(root, &file, &source, &code, |_| true));
        scanned += 1;
    }
    for file in rust_files(&root.join("src")) {
        let source = std::fs::read_to_string(&file).unwrap();
        let code = code_only(&source);
        let test_lines = cfg_test_lines(&code);
        found.extend(wall_clock_reads(root, &file, &source, &code, |line| {
            test_lines.contains(&line)
        }));
        scanned += 1;
    }
    assert!(scanned > 50, "only {scanned} files found under {root:?}");
    assert!(
        found.is_empty(),
        "tests read the wall clock (give the app's clock a fixed instant, \
         move it with app.clock.advance/set, take today from app.today(); a \
         timeout's elapsed time may carry `{MARKER} <reason>`):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_finds_a_wall_clock_read_and_honours_the_marker() {
    let root = Path::new("/r");
    let scan = |source: &str, in_src: bool| {
        let code = code_only(source);
        let test_lines = cfg_test_lines(&code);
        wall_clock_reads(root, Path::new("/r/x.rs"), source, &code, |line| {
            !in_src || test_lines.contains(&line)
        })
    };
    let utc_now = FORBIDDEN[0].0;
    let test = format!("fn t() {{\n    let now = chrono::{utc_now});\n}}\n");
    assert_eq!(
        scan(&test, false),
        vec![format!("x.rs:2: {utc_now} (the wall clock)")]
    );
    let marked = "// allow-wall-clock: a timeout\nlet t0 = Instant::now();\n";
    assert!(scan(marked, false).is_empty());
    let unexplained = "let t0 = Instant::now(); // allow-wall-clock:\n";
    assert_eq!(scan(unexplained, false).len(), 1, "a marker needs a reason");
    // The samples name the calls as NOW() and DATE() and have them put in
    // (see FORBIDDEN).
    let with_call = |sample: &str| {
        sample
            .replace("NOW(", utc_now)
            .replace("DATE(", concat!("app.clock.now", "().date_naive("))
    };
    let commented = with_call(
        "// never NOW() here\nlet s = \"NOW()\"; let c = '\"';\n\
         let q = '\\''; let r = r#\"NOW()\"#; /* NOW() */\n",
    );
    assert!(scan(&commented, false).is_empty(), "comments and strings");
    let src = with_call(
        "fn live() { NOW(); }\n\
               #[cfg(test)]\n\
               mod tests {\n\
                   fn f() { let s = \"}\"; }\n\
                   fn g() { DATE(); }\n\
               }\n\
               fn after() { NOW(); }\n",
    );
    assert_eq!(
        scan(&src, true),
        vec![
            "x.rs:5: now().date_naive() (the UTC date, not the department's (use app.today()))"
                .to_string()
        ],
        "only the #[cfg(test)] item of a src file"
    );
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name() != Some("node_modules".as_ref()) {
                    dirs.push(path);
                }
            } else if path.extension() == Some("rs".as_ref()) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `path:line: call (why)` for each forbidden call on a line `counts`
/// (1-based) accepts, unless the line or the one above has the marker.
fn wall_clock_reads(
    root: &Path,
    file: &Path,
    source: &str,
    code: &str,
    counts: impl Fn(usize) -> bool,
) -> Vec<String> {
    let lines: Vec<&str> = source.lines().collect();
    let marked = |index: usize| {
        [Some(index), index.checked_sub(1)]
            .into_iter()
            .flatten()
            .filter_map(|i| lines.get(i))
            .any(|line| {
                line.split_once(MARKER)
                    .is_some_and(|(_, reason)| !reason.trim().is_empty())
            })
    };
    let name = file.strip_prefix(root).unwrap_or(file).display();
    let mut found = Vec::new();
    for (index, line) in code.lines().enumerate() {
        if !counts(index + 1) || marked(index) {
            continue;
        }
        for (call, why) in FORBIDDEN {
            if line.contains(call) {
                found.push(format!("{name}:{}: {call} ({why})", index + 1));
            }
        }
    }
    found
}

/// The source with comments and the insides of string and character
/// literals blanked (newlines kept, so lines keep their numbers).
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string: r"..." or r#"..."#.
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            out.push_str(&format!("r{}\"", "#".repeat(hashes)));
            i += 2 + hashes;
            while i < chars.len() && !chars[i..].starts_with(&close) {
                out.push(blank(chars[i]));
                i += 1;
            }
            out.extend(&close);
            i += close.len();
        } else if c == '"' {
            out.push('"');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push('"');
            i += 1;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}'), or a lifetime.
            let end = if next == Some('\\') {
                chars
                    .get(i + 3..)
                    .and_then(|rest| rest.iter().position(|&e| e == '\''))
                    .map(|p| i + 3 + p)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(end) => {
                    out.push('\'');
                    out.extend(std::iter::repeat_n(' ', end - i - 1));
                    out.push('\'');
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The (1-based) lines of each `#[cfg(test)]` item: from the attribute to
/// the `;` or the brace closing its body.
fn cfg_test_lines(code: &str) -> std::collections::HashSet<usize> {
    let mut lines = std::collections::HashSet::new();
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut from = 0;
    while let Some(found) = code[from..].find("#[cfg(test)]") {
        let start = from + found;
        let mut depth = 0;
        let mut end = code.len();
        for (offset, c) in code[start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = start + offset;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = start + offset;
                    break;
                }
                _ => {}
            }
        }
        lines.extend(line_of(start)..=line_of(end));
        from = end.max(start + 1);
    }
    lines
}
