//! The `pillid` binary given bad input, the way people and scripts give it:
//! unknown words, missing arguments, empty, endless, control-character and
//! non-UTF-8 input. Every run must end with a clear message and a
//! documented exit code (0 done, 1 failed while working, 2 bad usage),
//! never a panic (exit 101), and `--json` must print exactly one JSON
//! object or nothing at all.
//!
//! NUL cannot be tested here: an argument is a C string, so no program can
//! receive one (`Command` refuses to start). The library's property tests
//! and the `query` fuzz target give NUL to the matcher directly.

use pillid::imprint::MAX_INPUT_CHARS;
use pillid::vocab::{Color, Shape};
use serde_json::Value;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs pillid and checks what must hold for every run: it exited (no
/// signal), not with a panic's 101, and nothing says it panicked.
fn pillid<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().into()).collect();
    let o = Command::new(env!("CARGO_BIN_EXE_pillid"))
        .args(&args)
        .output()
        .expect("the pillid binary runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{args:?} panicked:\n{err}");
    let code = o
        .status
        .code()
        .unwrap_or_else(|| panic!("{args:?} was killed by a signal: {:?}", o.status));
    assert_ne!(code, 101, "{args:?} exited like a panic:\n{err}");
    o
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts the exit code, showing both streams when it differs.
fn assert_code(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A usage error: exit 2, nothing on stdout, a message on stderr that
/// contains every one of `expected`.
fn assert_usage_error(o: &Output, expected: &[&str]) {
    assert_code(o, 2);
    assert!(o.stdout.is_empty(), "usage errors print nothing on stdout");
    let err = stderr(o);
    for e in expected {
        assert!(err.contains(e), "stderr should mention {e:?}:\n{err}");
    }
}

/// stdout is exactly one JSON object (serde_json refuses trailing text).
fn one_json_object(o: &Output) -> serde_json::Map<String, Value> {
    let text = stdout(o);
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => map,
        Ok(other) => panic!("expected one JSON object, got {other}"),
        Err(e) => panic!("stdout is not one JSON value ({e}):\n{text}"),
    }
}

fn notices(json: &serde_json::Map<String, Value>) -> Vec<String> {
    json["notices"]
        .as_array()
        .expect("a notices list")
        .iter()
        .map(|n| n.as_str().expect("notices are text").to_owned())
        .collect()
}

#[test]
fn an_unknown_subcommand_or_flag_is_a_usage_error() {
    assert_usage_error(
        &pillid(["frobnicate"]),
        &["unrecognized subcommand", "frobnicate", "Usage: pillid"],
    );
    assert_usage_error(&pillid(["--frob"]), &["--frob", "Usage: pillid"]);
    assert_usage_error(
        &pillid(["identify", "--frob", "N029"]),
        &["--frob", "Usage: pillid identify"],
    );
    assert_usage_error(&pillid(["list", "--frob"]), &["--frob"]);
    // No subcommand at all: the help, on stderr, as a usage error.
    assert_usage_error(&pillid(Vec::<&str>::new()), &["identify", "list", "import"]);
}

#[test]
fn help_and_version_succeed_on_stdout() {
    for args in [
        &["--help"][..],
        &["identify", "--help"],
        &["help", "import"],
    ] {
        let o = pillid(args);
        assert_code(&o, 0);
        assert!(stdout(&o).contains("Usage: pillid"), "{args:?}");
    }
    let o = pillid(["--version"]);
    assert_code(&o, 0);
    assert!(stdout(&o).starts_with("pillid "));
}

#[test]
fn an_unknown_shape_lists_every_valid_shape() {
    let o = pillid(["identify", "--shape", "blob", "N029"]);
    let mut expected = vec!["unknown shape `blob`"];
    expected.extend(Shape::ALL.iter().map(|s| s.spl_name()));
    assert_usage_error(&o, &expected);
}

#[test]
fn an_unknown_colour_lists_every_valid_colour() {
    for flag in ["--color", "--colour"] {
        let o = pillid(["identify", flag, "blurple", "N029"]);
        let mut expected = vec!["unknown colour `blurple`"];
        expected.extend(Color::ALL.iter().map(|c| c.spl_name()));
        assert_usage_error(&o, &expected);
    }
    // An empty word is unknown too, not "no colour".
    assert_usage_error(
        &pillid(["identify", "--color", "", "N029"]),
        &["unknown colour ``"],
    );
}

#[test]
fn a_missing_imprint_is_a_usage_error() {
    assert_usage_error(&pillid(["identify"]), &["<IMPRINT>"]);
    assert_usage_error(&pillid(["identify", "--json"]), &["<IMPRINT>"]);
    assert_usage_error(&pillid(["identify", "--shape", "round"]), &["<IMPRINT>"]);
}

#[test]
fn an_empty_or_blank_imprint_asks_for_the_letters_and_numbers() {
    for typed in ["", " ", "   \t  ", "\n", ";;; - //"] {
        let o = pillid(["identify", typed]);
        assert_code(&o, 0);
        let out = stdout(&o);
        assert!(
            out.contains("Type the letters and numbers printed on the tablet."),
            "{typed:?}:\n{out}"
        );
        assert!(out.contains("Verdict: NO MATCH"), "{typed:?}:\n{out}");

        let json = one_json_object(&pillid(["identify", "--json", typed]));
        assert_eq!(json["verdict"], "no_match", "{typed:?}");
        assert_eq!(json["results"], Value::Array(Vec::new()), "{typed:?}");
        assert!(
            notices(&json)
                .iter()
                .any(|n| n.contains("Type the letters and numbers")),
            "{typed:?}: {json:?}"
        );
    }
}

#[test]
fn a_10000_character_imprint_is_capped_with_a_notice() {
    let long = "N029 ".repeat(2_000);
    assert_eq!(long.len(), 10_000);
    let o = pillid(["identify", &long]);
    assert_code(&o, 0);
    let out = stdout(&o);
    assert!(
        out.contains("Note: The input was too long"),
        "a notice says the input was capped:\n{}",
        &out[..out.len().min(2_000)]
    );
    // The echo is capped too: the terminal gets at most what was read.
    let echoed = out
        .lines()
        .find_map(|l| l.strip_prefix("Query: "))
        .expect("the query is echoed");
    assert_eq!(echoed.chars().count(), MAX_INPUT_CHARS + 1, "{echoed}");
    assert!(echoed.ends_with('…'), "{echoed}");

    let json = one_json_object(&pillid(["identify", "--json", &long]));
    assert!(
        notices(&json).iter().any(|n| n.contains("too long")),
        "{:?}",
        json["notices"]
    );
    assert_eq!(
        json["query"].as_str().map(str::len),
        Some(10_000),
        "the JSON keeps the query as typed"
    );

    // Ten thousand separate words, as `pillid identify $(cat file)` gives.
    let words: Vec<String> = (0..10_000).map(|i| format!("W{i}")).collect();
    let mut args = vec!["identify".to_owned(), "--json".to_owned()];
    args.extend(words);
    let json = one_json_object(&pillid(&args));
    assert!(notices(&json).iter().any(|n| n.contains("too long")));
}

#[test]
fn control_characters_never_reach_the_terminal() {
    for typed in [
        "N0\u{1}29",
        "\u{1b}[2J\u{1b}[31mN029",
        "N029\u{7}\u{8}\u{7f}",
        "\u{202e}920N",
        "N\u{200b}029\u{feff}",
        "N029\r\nKP02 10",
    ] {
        let o = pillid(["identify", typed]);
        assert_code(&o, 0);
        let out = stdout(&o);
        assert!(
            !out.chars().any(|c| (c.is_control() && c != '\n')
                || matches!(c, '\u{202e}' | '\u{200b}' | '\u{feff}')),
            "{typed:?} was echoed raw:\n{out:?}"
        );
        assert!(out.contains("Verdict: "), "{typed:?}:\n{out}");

        let json = one_json_object(&pillid(["identify", "--json", typed]));
        assert_eq!(json["query"], typed, "JSON escapes, so it keeps the query");
    }
    // A control character inside an imprint is ignored, not a different
    // imprint.
    let json = one_json_object(&pillid(["identify", "--json", "N0\u{1}29"]));
    assert_eq!(json["verdict"], "match");
    assert_eq!(json["results"][0]["imprint"], "N029");
}

#[test]
fn invalid_utf8_arguments_are_refused_clearly() {
    let bad = OsStr::from_bytes(b"N0\xff29");
    for args in [
        vec![OsStr::new("identify"), bad],
        vec![OsStr::new("identify"), OsStr::new("--json"), bad],
        vec![
            OsStr::new("identify"),
            OsStr::new("--shape"),
            OsStr::from_bytes(b"r\xc3und"),
            OsStr::new("N029"),
        ],
    ] {
        let o = pillid(&args);
        assert_usage_error(&o, &["invalid UTF-8"]);
    }
    assert_usage_error(
        &pillid([OsStr::from_bytes(b"\xfe\xff")]),
        &["unrecognized subcommand"],
    );
    // A file name need not be UTF-8: it is a path, and a missing one is a
    // plain read failure.
    let dir = std::env::temp_dir();
    let out = dir.join(format!("pillid-hygiene-{}.json", std::process::id()));
    let mut name = dir.as_os_str().as_bytes().to_vec();
    name.extend(b"/pillid-no-such-\xff.xml");
    let missing = PathBuf::from(OsStr::from_bytes(&name));
    let o = pillid([
        OsStr::new("import"),
        missing.as_os_str(),
        OsStr::new("--out"),
        out.as_os_str(),
    ]);
    assert_code(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("cannot read"), "{err}");
    assert!(err.contains("nothing written"), "{err}");
    assert!(!out.exists());
}

#[test]
fn list_strength_must_be_a_whole_number() {
    for bad in ["abc", "-1", "1.5", "", "99999999999"] {
        let o = pillid(["list", "--strength", bad]);
        assert_usage_error(&o, &["--strength"]);
    }
    assert_usage_error(&pillid(["list", "--strength"]), &["--strength"]);
}

#[test]
fn list_strength_zero_is_empty_with_a_note() {
    let o = pillid(["list", "--strength", "0"]);
    assert_code(&o, 0);
    let err = stderr(&o);
    assert!(
        err.contains("no baclofen 0 mg entries") && err.contains("strengths present"),
        "{err}"
    );
    assert!(stdout(&o).contains("0 tablet appearances"));

    let o = pillid(["list", "--json", "--strength", "0"]);
    assert_code(&o, 0);
    let json = one_json_object(&o);
    assert_eq!(json["products"], Value::Array(Vec::new()));
}

#[test]
fn import_of_a_missing_file_fails_and_writes_nothing() {
    let out = std::env::temp_dir().join(format!(
        "pillid-hygiene-missing-{}.json",
        std::process::id()
    ));
    let o = pillid([
        OsStr::new("import"),
        OsStr::new("/nonexistent/pillid/label.xml"),
        OsStr::new("--out"),
        out.as_os_str(),
    ]);
    assert_code(&o, 1);
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(
        err.contains("/nonexistent/pillid/label.xml: cannot read"),
        "{err}"
    );
    assert!(err.contains("nothing written"), "{err}");
    assert!(!out.exists(), "no database file was created");
}

#[test]
fn import_needs_out_and_a_file() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/spl/repackager.xml"
    );
    assert_usage_error(&pillid(["import", fixture]), &["--out <FILE>"]);
    assert_usage_error(
        &pillid(["import", "--out", "/tmp/pillid-never-written.json"]),
        &["<FILE.xml>"],
    );
    assert_usage_error(&pillid(["import", fixture, "--out"]), &["--out"]);
}

#[test]
fn json_output_is_always_exactly_one_object_with_the_right_answer() {
    let long = "KP02 10 ".repeat(1_250);
    // The arguments after `identify --json`, the verdict, and the product
    // that must come first where one must.
    let queries: &[(&[&str], &str, Option<&str>)] = &[
        (&["N029"], "match", Some("northstar-n029")),
        (&["KP02", "10"], "match", Some("imprint-kp02-10")),
        (&["10 kp02"], "match", Some("imprint-kp02-10")),
        (&["N O 2 9"], "match", Some("northstar-n029")),
        (&["zzzz"], "no_match", None),
        (&["--", "-5"], "possible", None),
        (&["--", "--json"], "no_match", None),
        (&["💊 ש ﷺ \u{301}"], "no_match", None),
        (
            // N029 is white and round: the imprint ranks it first, the
            // contradiction keeps it from being a match.
            &["--shape", "oval", "--color", "pink", "N029"],
            "possible",
            Some("northstar-n029"),
        ),
        (&["--shape", "round", ""], "possible", None),
        (&["--colour", "white", " "], "possible", None),
        (&[&long], "no_match", None),
    ];
    for &(q, verdict, first) in queries {
        let mut args = vec!["identify", "--json"];
        args.extend_from_slice(q);
        let o = pillid(&args);
        assert_code(&o, 0);
        let json = one_json_object(&o);
        for key in ["query", "verdict", "notices", "results", "disclaimer"] {
            assert!(json.contains_key(key), "{q:?}: no `{key}` in {json:?}");
        }
        assert_eq!(json["verdict"], verdict, "{q:?}");
        let results = json["results"].as_array().expect("a results list");
        // A no-match may still list the closest tablets pillid knows (of
        // other medicines, each needing an edit); any other verdict lists
        // what it is about.
        assert!(
            verdict == "no_match" || !results.is_empty(),
            "{q:?}: a {verdict} answer lists its tablets"
        );
        if let Some(id) = first {
            assert_eq!(results[0]["id"], id, "{q:?}: the first result");
        }
        assert_eq!(json["disclaimer"], pillid::report::DISCLAIMER, "{q:?}");
        assert!(o.stderr.is_empty(), "{q:?}: {}", stderr(&o));
    }
    for args in [
        &["list", "--json"][..],
        &["list", "--json", "--strength", "20"],
    ] {
        let o = pillid(args);
        assert_code(&o, 0);
        one_json_object(&o);
    }
}
