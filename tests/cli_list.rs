//! `pillid list`, run as a user runs it: the real binary, its output and
//! its exit code.

use serde_json::Value;
use std::process::{Command, Output};

fn pillid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pillid"))
        .args(args)
        .output()
        .expect("the pillid binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn json(args: &[&str]) -> Value {
    let o = pillid(args);
    assert!(o.status.success(), "{args:?}: {:?}", o.status);
    serde_json::from_str(&stdout(&o)).expect("list --json prints JSON")
}

fn products(v: &Value) -> &Vec<Value> {
    v["products"].as_array().expect("a products list")
}

#[test]
fn json_lists_at_least_eleven_10_mg_tablets_each_with_a_source() {
    let v = json(&["list", "--json"]);
    let ten: Vec<&Value> = products(&v)
        .iter()
        .filter(|p| p["strength"] == "10 mg")
        .collect();
    assert!(ten.len() >= 11, "{} 10 mg products", ten.len());
    for p in ten {
        assert!(
            !p["sources"].as_array().unwrap().is_empty(),
            "{} has no source",
            p["id"]
        );
    }
}

#[test]
fn json_without_a_filter_is_the_database_file() {
    let o = pillid(&["list", "--json"]);
    assert_eq!(stdout(&o), pillid::catalog::EMBEDDED_JSON);
}

#[test]
fn json_output_is_a_valid_database() {
    let o = pillid(&["list", "--json", "--strength", "5"]);
    let c = pillid::catalog::Catalog::from_json(&stdout(&o))
        .unwrap_or_else(|e| panic!("{}", e.join("\n")));
    assert!(!c.products.is_empty());
}

#[test]
fn strength_filter_keeps_only_that_strength() {
    let v = json(&["list", "--strength", "20", "--json"]);
    assert!(products(&v).len() >= 5);
    assert!(products(&v).iter().all(|p| p["strength"] == "20 mg"));
    let unplaced = v["unplaced"].as_array().unwrap();
    assert!(!unplaced.is_empty());
    assert!(unplaced.iter().all(|l| l["strength"] == "20 mg"));
}

#[test]
fn a_strength_with_no_tablets_is_empty_with_a_note_and_success() {
    let o = pillid(&["list", "--strength", "7", "--json"]);
    assert!(o.status.success());
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(products(&v).is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no baclofen 7 mg"), "{err}");
    assert!(err.contains("5 mg, 10 mg, 20 mg"), "{err}");
}

#[test]
fn table_shows_each_tablet_with_its_labelers_and_ndcs() {
    let o = pillid(&["list"]);
    assert!(o.status.success());
    let out = stdout(&o);
    // Imprints in display form, with shape, colour and strength.
    let row = out
        .lines()
        .find(|l| l.starts_with("LCI / 1330 "))
        .expect("a row for LCI / 1330");
    for word in ["10", "tablet", "ROUND", "WHITE", "marketed"] {
        assert!(row.contains(word), "{row}");
    }
    assert!(out.contains("Chartwell RX, LLC NDC 62135-473"));
    // An NDC tied to the tablet by inference is marked.
    let unichem = out
        .lines()
        .find(|l| l.contains("Unichem Pharmaceuticals (USA), Inc. NDC 29300-343"))
        .expect("Unichem's NDC");
    assert!(unichem.contains("link not confirmed"), "{unichem}");
    // One NLM's photo backs is not.
    let lannett = out
        .lines()
        .find(|l| l.contains("Lannett Company, Inc. NDC 0527-1330"))
        .expect("Lannett's NDC");
    assert!(!lannett.contains("link not confirmed"), "{lannett}");
    // How old the data is.
    let as_of = pillid::catalog::catalog()
        .as_of
        .clone()
        .expect("an as_of date");
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains(&format!("Data as of {as_of}")),
        "{out}"
    );
    // A manufacturer no label confirms says so.
    assert!(out.contains("TruPharma LLC (not confirmed; lead:"));
    assert!(out.contains("not confirmed; lead: no source names the maker"));
    // NDCs with no known appearance have their own section.
    let section = out
        .split("no known tablet appearance")
        .nth(1)
        .expect("an unplaced section");
    assert!(section.contains("72888-010"));
    // And the reminder.
    assert!(out.contains("Confirm with the label or a pharmacist."));
}

#[test]
fn table_with_a_filter_lists_only_that_strength() {
    let all = json(&["list", "--json"]);
    let is_id = |word: &str| products(&all).iter().any(|p| p["id"] == word);
    let out = stdout(&pillid(&["list", "--strength", "5"]));
    // A product row ends with the product's id.
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.split_whitespace().last().is_some_and(is_id))
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().any(|r| r.starts_with("16 / 09 ")));
    assert!(rows.iter().any(|r| r.starts_with("LCI / 1333 ")));
    // The look-alikes of other strengths are still named.
    assert!(out.contains("looks like: LCI / 1330 (10 mg); LCI / 1337 (20 mg)"));
}

#[test]
fn json_with_a_filter_drops_links_to_other_strengths() {
    let v = json(&["list", "--strength", "10", "--json"]);
    let p = products(&v)
        .iter()
        .find(|p| p["id"] == "zydus-1285")
        .unwrap();
    assert!(p.get("look_alikes").is_none(), "{p}");
}

#[test]
fn a_bad_strength_is_a_usage_error() {
    let o = pillid(&["list", "--strength", "ten"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!o.stderr.is_empty());
}

#[test]
fn other_medicines_are_listed_apart_with_their_source_and_never_as_baclofen() {
    let o = pillid(&["list", "--other"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.starts_with("Other medicines: "),
        "{}",
        &out[..80.min(out.len())]
    );
    assert!(out.contains("Not complete"));
    let rows: Vec<&str> = out.lines().filter(|l| l.contains("NLM record")).collect();
    assert!(rows.len() > 4000, "{} rows", rows.len());
    assert!(rows.iter().all(|r| !r.to_lowercase().contains("baclofen")));
    let json = pillid(&["list", "--other", "--json"]);
    let v: Value = serde_json::from_str(&stdout(&json)).unwrap();
    let list = v.as_array().expect("a list of tablets");
    assert_eq!(list.len(), rows.len());
    assert!(list.iter().all(|p| p["drug"] != "baclofen"));
}

#[test]
fn an_ndc_shows_the_tablets_recorded_under_it() {
    let o = pillid(&["identify", "--json", "--ndc", "0172-4097-60"]);
    assert!(o.status.success());
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["verdict"], "ndc");
    let ids: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(
        ids.contains(&"teva-4097-tv") && ids.contains(&"teva-4097-z"),
        "{ids:?}"
    );
    let bad = pillid(&["identify", "--ndc", "12-34"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not an NDC"));
}
