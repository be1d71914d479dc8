//! The year-end report's figures equal the sums of the per-dossier answers: every dossier of the
//! shipped one-stop desk data set goes through `deadline.compute`, `letters.select` and
//! `evaluation.dossier` one by one, and the sums are compared with `report.year_end` (and with
//! the same data streamed in chunks through `report.accumulate` / `report.finish`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::too_many_lines
)] // test code: each sum is recomputed in one readable pass
use std::collections::BTreeMap;

use serde_json::{Value, json};
use thanthien_core::api::call_value;

const DATA: &str = include_str!("../../examples/one-stop-desk/dossiers-2025.ndjson");

fn lines() -> Vec<Value> {
    DATA.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| Value::String(l.to_owned())))
        .collect()
}

fn month(t: &str) -> usize {
    t[5..7].parse::<usize>().unwrap() - 1
}

#[derive(Default, Debug, PartialEq)]
struct Sums {
    received: [u64; 12],
    early: [u64; 12],
    on_time: [u64; 12],
    late: [u64; 12],
    /// Received, carried over, early, on time, late, open, open overdue, refused, withdrawn.
    by_procedure: BTreeMap<String, [u64; 9]>,
    apologies: u64,
    apologies_on_time: u64,
    incident_apologies: u64,
    thank_you: u64,
    congratulation: u64,
    indicators: BTreeMap<u64, (u64, u64)>,
    /// Open, refused, withdrawn, carried over, carried over still open at the end of the year,
    /// and of the open, overdue.
    closing: [u64; 6],
    errors: u64,
}

/// A dossier's status as `deadline.compute` gives it at the end of `year`.
fn status_at_end(d: &Value, year: i32) -> String {
    let input = json!({"dossier": d, "explain": false, "as_of": format!("{year}-12-31T23:59:59")});
    let c = call_value("deadline.compute", input).unwrap();
    c["status"].as_str().unwrap().to_owned()
}

fn closed(status: &str) -> bool {
    matches!(
        status,
        "refused" | "withdrawn" | "completed_early" | "completed_on_time" | "completed_late"
    )
}

fn by_hand(records: &[Value], year: i32) -> Sums {
    let y = year.to_string();
    let mut s = Sums::default();
    for r in records {
        let Some(d) = r.get("dossier") else {
            s.errors += 1;
            continue;
        };
        let c = match call_value("deadline.compute", json!({"dossier": d, "explain": false})) {
            Ok(c) => c,
            Err(_) => {
                s.errors += 1;
                continue;
            }
        };
        let received = c["received_at"].as_str().unwrap().to_owned();
        let completed = c["completed_at"].as_str().map(str::to_owned);
        let r_in = received.starts_with(&y);
        let c_in = completed.as_deref().is_some_and(|t| t.starts_with(&y));
        // Carried over: received before the year, still open at the end of the one before.
        let carried = received < y && !closed(&status_at_end(d, year - 1));
        if !r_in && !c_in && !carried {
            continue;
        }
        // As on 31 December: each dossier computed with its log up to the year's end.
        let at_year_end = status_at_end(d, year);
        s.closing[3] += u64::from(carried);
        let code = d["procedure_code"].as_str().unwrap().to_owned();
        let p = s.by_procedure.entry(code).or_default();
        p[1] += u64::from(carried);
        let overdue = u64::from(at_year_end == "overdue");
        match at_year_end.as_str() {
            "refused" => {
                s.closing[1] += 1;
                p[7] += 1;
            }
            "withdrawn" => {
                s.closing[2] += 1;
                p[8] += 1;
            }
            "completed_early" | "completed_on_time" | "completed_late" => {}
            _ => {
                s.closing[if carried { 4 } else { 0 }] += 1;
                s.closing[5] += overdue;
                p[5] += 1;
                p[6] += overdue;
            }
        }
        if r_in {
            s.received[month(&received)] += 1;
            p[0] += 1;
        }
        if c_in {
            let m = month(completed.as_deref().unwrap());
            match at_year_end.as_str() {
                "completed_early" => {
                    s.early[m] += 1;
                    p[2] += 1;
                }
                "completed_on_time" => {
                    s.on_time[m] += 1;
                    p[3] += 1;
                }
                "completed_late" => {
                    s.late[m] += 1;
                    p[4] += 1;
                }
                _ => {}
            }
        }
        // A log that ends with the dossier open before the year does: its letters as of the
        // year's last second (an open dossier past its due time owes the delay's apology).
        let end = format!("{year}-12-31T23:59:59");
        let open_at_end =
            !closed(c["status"].as_str().unwrap()) && c["as_of"].as_str().unwrap() < end.as_str();
        let select = if open_at_end {
            json!({"dossier": d, "as_of": end})
        } else {
            json!({"dossier": d})
        };
        let letters = call_value("letters.select", select).unwrap();
        for l in letters["letters"].as_array().unwrap() {
            if !l["trigger_at"].as_str().unwrap().starts_with(&y) {
                continue;
            }
            let incident = matches!(
                l["reason"]["code"].as_str(),
                Some("apology.lost" | "apology.wrong_result")
            );
            match l["kind"].as_str().unwrap() {
                "apology" if incident => s.incident_apologies += 1,
                "apology" => {
                    s.apologies += 1;
                    if let Some(i) = l["event_index"].as_u64() {
                        let e = &d["events"][i as usize];
                        if e["type"] == "extended"
                            && e["at"].as_str().unwrap() <= l["send_by"].as_str().unwrap()
                        {
                            s.apologies_on_time += 1;
                        }
                    }
                }
                "thank_you" => s.thank_you += 1,
                "congratulation" => s.congratulation += 1,
                _ => {}
            }
        }
        let evaluated = completed.as_deref().map_or(r_in, |t| t.starts_with(&y));
        if evaluated {
            let e = call_value(
                "evaluation.dossier",
                json!({"dossier": d, "extra": r["extra"]}),
            )
            .unwrap();
            for i in e["indicators"].as_array().unwrap() {
                let slot = s
                    .indicators
                    .entry(i["number"].as_u64().unwrap())
                    .or_default();
                slot.0 += i["score"].as_u64().unwrap();
                slot.1 += 1;
            }
        }
    }
    s
}

fn from_report(r: &Value) -> Sums {
    let mut s = Sums::default();
    for (k, m) in r["months"].as_array().unwrap().iter().enumerate() {
        s.received[k] = m["received"].as_u64().unwrap();
        s.early[k] = m["early"].as_u64().unwrap();
        s.on_time[k] = m["on_time"].as_u64().unwrap();
        s.late[k] = m["late"].as_u64().unwrap();
    }
    for p in r["procedures"].as_array().unwrap() {
        s.by_procedure.insert(
            p["code"].as_str().unwrap().to_owned(),
            [
                "received",
                "carried_over",
                "early",
                "on_time",
                "late",
                "open",
                "open_overdue",
                "refused",
                "withdrawn",
            ]
            .map(|k| p[k].as_u64().unwrap()),
        );
    }
    s.apologies = r["letters"]["apologies_owed"].as_u64().unwrap();
    s.apologies_on_time = r["letters"]["apologies_sent_on_time"].as_u64().unwrap();
    s.incident_apologies = r["letters"]["incident_apologies"].as_u64().unwrap();
    s.thank_you = r["letters"]["thank_you"].as_u64().unwrap();
    s.congratulation = r["letters"]["congratulation"].as_u64().unwrap();
    for i in r["evaluation"]["indicators"].as_array().unwrap() {
        if i["level"] == "dossier" {
            s.indicators.insert(
                i["number"].as_u64().unwrap(),
                (i["sum"].as_u64().unwrap(), i["count"].as_u64().unwrap()),
            );
        }
    }
    s.closing = [
        "open",
        "refused",
        "withdrawn",
        "carried_over",
        "carried_over_open",
        "open_overdue",
    ]
    .map(|k| r[k].as_u64().unwrap());
    s.errors = r["errors"].as_u64().unwrap();
    s
}

#[test]
fn the_report_is_the_sum_of_its_dossiers() {
    let records = lines();
    assert!(
        records.len() > 2_000,
        "the data set has {} dossiers",
        records.len()
    );
    let report = call_value(
        "report.year_end",
        json!({"unit": "vl.tra_cu", "year": 2025, "dossiers": records}),
    )
    .unwrap();
    let expected = by_hand(&records, 2025);
    assert_eq!(from_report(&report), expected);
    assert_eq!(
        expected.errors, 3,
        "the three broken lines are counted, not dropped"
    );
    assert!(
        expected.incident_apologies > 0,
        "the data set has results found wrong, whose apologies are counted apart"
    );
    assert_eq!(report["records"].as_u64().unwrap() as usize, records.len());
    assert_eq!(report["error_samples"].as_array().unwrap().len(), 3);
    // The totals are the sums of the months.
    let total: u64 = expected.received.iter().sum();
    assert_eq!(report["received"].as_u64().unwrap(), total);
    // Every dossier of the data set was received in 2025, some closed in 2026: each is in one
    // figure of the year (a result, open, refused or withdrawn).
    let completed = report["results"]["completed"].as_u64().unwrap();
    assert_eq!(total, completed + expected.closing[..5].iter().sum::<u64>());
    assert!(expected.closing[0] > 0 && expected.closing[1] > 0 && expected.closing[2] > 0);
    assert_eq!(expected.closing[3..5], [0, 0]);
    let overdue = expected.closing[5];
    assert!(
        overdue > 0 && overdue < expected.closing[0],
        "some of the {} dossiers open on 31 December are past their due time ({overdue})",
        expected.closing[0]
    );
    rows_add_up(&expected);
    rates_of_received(&report, &expected);
    carried_into_the_next_year(&records, expected.closing[0]);

    // Streamed in chunks of 250, the counters handed back each time: the same report.
    let mut state = Value::Null;
    for chunk in records.chunks(250) {
        let mut input = json!({"unit": "vl.tra_cu", "year": 2025, "dossiers": chunk});
        if !state.is_null() {
            input["state"] = state;
        }
        state = call_value("report.accumulate", input).unwrap()["state"].take();
    }
    let streamed = call_value("report.finish", json!({"state": state})).unwrap();
    assert_eq!(streamed, report);
}

/// The next year's report is the sum of its dossiers too, letters of the dossiers carried over
/// included; it carries over the dossiers open at the end of this one, and each of them ends in
/// one of its figures.
fn carried_into_the_next_year(records: &[Value], open_at_year_end: u64) {
    let next = call_value(
        "report.year_end",
        json!({"unit": "vl.tra_cu", "year": 2026, "dossiers": records}),
    )
    .unwrap();
    let expected = by_hand(records, 2026);
    assert_eq!(from_report(&next), expected);
    rows_add_up(&expected);
    rates_of_received(&next, &expected);
    let n = |k: &str| next[k].as_u64().unwrap();
    assert_eq!(n("received"), 0);
    assert_eq!(n("carried_over"), open_at_year_end);
    let closed = next["results"]["completed"].as_u64().unwrap() + n("refused") + n("withdrawn");
    assert_eq!(
        n("carried_over"),
        closed + n("open") + n("carried_over_open")
    );
    assert!(closed > 0, "some of them closed in 2026");
}

/// NĐ 61/2018 Art. 30(2)(c)'s rate, recomputed from the sums by hand: results early or on time
/// over the dossiers received and carried over, the year's and each procedure's.
fn rates_of_received(report: &Value, s: &Sums) {
    let rate = |part: u64, whole: u64| {
        assert!(part <= whole, "{part} of {whole}");
        match whole {
            0 => Value::Null,
            _ => Value::from((part as f64 / whole as f64 * 10_000.0).round() / 10_000.0),
        }
    };
    let in_time: u64 = s.early.iter().sum::<u64>() + s.on_time.iter().sum::<u64>();
    let received: u64 = s.received.iter().sum();
    assert_eq!(
        report["on_time_share_of_received"],
        rate(in_time, received + s.closing[3])
    );
    for p in report["procedures"].as_array().unwrap() {
        let [received, carried, early, on_time, ..] = s.by_procedure[p["code"].as_str().unwrap()];
        let code = &p["code"];
        assert_eq!(
            p["on_time_share_of_received"],
            rate(early + on_time, received + carried),
            "{code}"
        );
    }
}

/// Each procedure's row adds up on its own: received and carried over, each ends the year with a
/// result, open, refused or withdrawn; of the open, the overdue are some.
fn rows_add_up(s: &Sums) {
    for (
        code,
        [
            received,
            carried,
            early,
            on_time,
            late,
            open,
            overdue,
            refused,
            withdrawn,
        ],
    ) in &s.by_procedure
    {
        assert_eq!(
            received + carried,
            early + on_time + late + open + refused + withdrawn,
            "{code}"
        );
        assert!(overdue <= open, "{code}");
    }
}

/// A result followed by a refusal, in the year and after it: the year's figures take each as it
/// stood on 31 December, its letters and scores its whole log.
#[test]
fn a_result_then_a_refusal() {
    let dossier = |id: &str, times: [&str; 3]| {
        json!({"dossier": {"id": id, "procedure_code": "ho_tich.nhan_cha_me_con", "unit": "29461",
            "events": [{"type": "received", "at": times[0]}, {"type": "result_ready", "at": times[1]},
                       {"type": "refused", "at": times[2]}]}})
    };
    let records = [
        dossier(
            "G",
            ["2025-12-22T08:00", "2025-12-29T09:00", "2026-01-05T09:00"],
        ),
        dossier(
            "H",
            ["2025-03-03T08:00", "2025-03-10T09:00", "2025-03-17T09:00"],
        ),
    ];
    let report = call_value(
        "report.year_end",
        json!({"unit": "29461", "year": 2025, "dossiers": records}),
    )
    .unwrap();
    let expected = by_hand(&records, 2025);
    assert_eq!(from_report(&report), expected);
    assert_eq!(expected.closing[..3], [0, 1, 0]);
    rows_add_up(&expected);
    assert_eq!(expected.late.iter().sum::<u64>(), 1, "G's result, late");
}

/// A dossier whose deadline computes but whose scores cannot be worked out (more complaints
/// verified than made) is given back with its error and is in no figure: not received, not a
/// result, no letter; the year's other dossier is counted as alone.
#[test]
fn a_dossier_given_back_is_in_no_figure() {
    let dossier = |id: &str, extra: Value| {
        json!({"dossier": {"id": id, "procedure_code": "ho_tich.nhan_cha_me_con", "unit": "29461",
            "events": [{"type": "received", "at": "2025-03-03T08:00"},
                       {"type": "result_ready", "at": "2025-03-04T09:00"}]}, "extra": extra})
    };
    let bad = dossier("X", json!({"complaints": 0, "complaints_verified": 1}));
    let good = dossier("Y", json!({}));
    let report = |records: Vec<Value>| {
        let r = call_value(
            "report.year_end",
            json!({"unit": "29461", "year": 2025, "dossiers": records}),
        )
        .unwrap();
        (from_report(&r), r)
    };
    let (alone, _) = report(vec![good.clone()]);
    let (both, r) = report(vec![bad, good]);
    assert_eq!(
        r["error_samples"][0]["error"]["path"],
        "extra.complaints_verified"
    );
    assert_eq!(both, Sums { errors: 1, ..alone });
    assert_eq!(r["received"], 1);
}

#[test]
fn an_empty_year_and_another_units_dossier() {
    let empty = call_value(
        "report.year_end",
        json!({"unit": "29461", "year": 2024, "dossiers": []}),
    )
    .unwrap();
    assert_eq!(empty["received"], 0);
    assert_eq!(empty["results"]["on_time_share"], Value::Null);
    assert_eq!(empty["on_time_share_of_received"], Value::Null);
    // Nothing scored, nothing ranked (TT 01/2018 Art. 15(3)(b), 15(4)(b)).
    assert_eq!(empty["evaluation"]["rank"], "chua_xep_hang");
    let other = json!({"dossier": {"procedure_code": "ho_tich.khai_sinh", "unit": "29462",
        "events": [{"type": "received", "at": "2025-03-03T09:00"}, {"type": "returned", "at": "2025-03-03T10:00"}]}});
    let r = call_value(
        "report.year_end",
        json!({"unit": "29461", "year": 2025, "dossiers": [other]}),
    )
    .unwrap();
    assert_eq!(r["other_unit"], 1);
    assert_eq!(r["errors"], 0);
    assert_eq!(r["received"], 0);
    assert_eq!(r["error_samples"][0]["error"]["code"], "other_unit");
    // A commune absorbed in 2025 counts for the new commune's 2025 report.
    let old = json!({"dossier": {"procedure_code": "ho_tich.khai_sinh", "unit": "29479",
        "events": [{"type": "received", "at": "2025-03-03T09:00"}, {"type": "returned", "at": "2025-03-03T10:00"}]}});
    let r = call_value(
        "report.year_end",
        json!({"unit": "vl.tra_cu", "year": 2025, "dossiers": [old]}),
    )
    .unwrap();
    assert_eq!(r["received"], 1);
    let bad = call_value(
        "report.year_end",
        json!({"unit": "29461", "year": 1800, "dossiers": []}),
    )
    .unwrap_err();
    assert_eq!(bad.code.as_str(), "year_out_of_range");
}

#[test]
fn the_html_report_is_one_page_of_figures() {
    let records: Vec<Value> = lines().into_iter().take(300).collect();
    let report = call_value(
        "report.year_end",
        json!({"unit": "vl.tra_cu", "year": 2025, "dossiers": records}),
    )
    .unwrap();
    let html = call_value(
        "report.render",
        json!({"report": report, "number": "12", "signer": "Nguyễn Văn An"}),
    )
    .unwrap();
    let html = html["html"].as_str().unwrap();
    assert!(html.contains("trên tổng số hồ sơ tiếp nhận: "));
    // A report saved before NĐ 61/2018 Art. 30(2)(c)'s rate, read through the API: no rate.
    let mut earlier = report.clone();
    earlier
        .as_object_mut()
        .unwrap()
        .remove("on_time_share_of_received");
    for p in earlier["procedures"].as_array_mut().unwrap() {
        p.as_object_mut()
            .unwrap()
            .remove("on_time_share_of_received");
    }
    let page = call_value("report.render", json!({"report": earlier})).unwrap();
    assert!(
        !page["html"]
            .as_str()
            .unwrap()
            .contains("trên tổng số hồ sơ tiếp nhận")
    );
    assert!(html.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(html.contains("ỦY BAN NHÂN DÂN XÃ TRÀ CÚ"));
    assert!(html.contains("Số: 12/BC-UBND"));
    assert_eq!(
        html.matches("<svg").count(),
        2,
        "months and procedures (no survey given)"
    );
    assert!(!html.contains("<script"));
}

/// Every branch of the page renders: the grievance case of the corpus has reception sessions on
/// days off and the log counts; a report with records left out prints their count.
#[test]
fn the_html_report_renders_its_grievance_and_left_out_branches() {
    let corpus: Value =
        serde_json::from_str(include_str!("../../tests/conformance/report.json")).unwrap();
    let case = corpus["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "year-end-grievance-section")
        .unwrap();
    let report = call_value("report.year_end", case["input"].clone()).unwrap();
    let sessions = report["grievances"]["reception"]["on_days_off"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(sessions, 2, "30/01 (Tết) and 01/05");
    let mut report = report;
    report["grievances"]["log"]["not_counted"] = json!([
        {"index": 0, "id": "KN-1", "reason_code": "outside_period", "error": null},
        {"index": 3, "id": null, "reason_code": "outside_period", "error": null},
    ]);
    let html = call_value("report.render", json!({"report": report})).unwrap();
    let html = html["html"].as_str().unwrap();
    assert!(html.contains("; 2 buổi vào ngày nghỉ."), "{html}");
    assert!(html.contains(">2 đơn không tính (ngoài năm"), "{html}");
}
