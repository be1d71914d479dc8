//! The year-end report as one self-contained, print-ready HTML page in Vietnamese: the NĐ 30/2020
//! header (issuing body, national motto, number and date line, as the letters), tables and the
//! SVG charts of [`super::charts`]. The layout is a template in `data/report.html`.
use minijinja::{Environment, Value};

use super::{YearEndReport, charts};
use crate::error::{Error, Result};

const TEMPLATE: &str = include_str!("../../data/report.html");

fn vi_number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// Renders the report; `number` and `date_line` fill the header (blank for the officer to write
/// by hand when absent), `signer` the signature block.
pub fn render(
    report: &YearEndReport,
    number: Option<&str>,
    date_line: Option<&str>,
    signer: Option<&str>,
) -> Result<String> {
    // The report as the JSON answer writes it (the lean writer, so that the package carries no
    // second writer for minijinja). Maps are sorted in both, and the template reads fields by
    // name and walks only lists: the page is the same (tests below).
    let written = crate::de::encode::to_value(report).map_err(|e| Error::report_template(&e))?;
    render_with(
        report,
        Value::from_serialize(&written),
        [number, date_line, signer],
    )
}

/// The page of `report`, given to the template as `value`, with the header's number and date
/// line and the signer.
fn render_with(report: &YearEndReport, value: Value, texts: [Option<&str>; 3]) -> Result<String> {
    let [number, date_line, signer] = texts;
    let broken = |e: minijinja::Error| Error::report_template(&e.to_string());
    let mut env = Environment::new();
    env.add_filter("num", |v: Option<u64>| {
        v.map_or_else(|| "–".to_owned(), vi_number)
    });
    env.add_filter("pct", |v: Option<f64>| {
        v.map_or_else(
            || "–".to_owned(),
            |x| format!("{:.1}%", x * 100.0).replace('.', ","),
        )
    });
    env.add_filter("dec", |v: Option<f64>| {
        v.map_or_else(|| "–".to_owned(), |x| format!("{x:.1}").replace('.', ","))
    });
    env.add_filter("text", |v: Option<String>| {
        v.unwrap_or_else(|| "–".to_owned())
    });
    // The core's minijinja has no builtin filters (a smaller wasm); the template counts lists.
    env.add_filter("length", |v: Value| {
        v.len().ok_or_else(|| {
            minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                "length of a value that is not a list",
            )
        })
    });
    env.add_template("report.html", TEMPLATE).map_err(broken)?;
    let t = env.get_template("report.html").map_err(broken)?;
    let place = if report.unit.place.is_empty() {
        "……"
    } else {
        report.unit.place.as_str()
    };
    let default_date = format!("{place}, ngày …… tháng …… năm {}", report.year);
    let left_out = report
        .evaluation
        .left_out
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let ctx = minijinja::context! {
        report => value,
        number => number.unwrap_or("……"),
        date_line => date_line.map_or(default_date, str::to_owned),
        signer => signer.unwrap_or(""),
        left_out => left_out,
        open_by_procedure => open_by_procedure(report),
        chart_months => Value::from_safe_string(charts::on_time_by_month(&report.months)),
        chart_procedures => Value::from_safe_string(charts::time_by_procedure(&report.procedures)),
        chart_satisfaction => Value::from_safe_string(
            report.satisfaction.as_ref().map(charts::satisfaction_by_factor).unwrap_or_default()
        ),
    };
    t.render(ctx).map_err(broken)
}

/// Whether the report gives each procedure's open dossiers: a report saved before they were
/// counted reads them as 0 while its total is not, and its column would say none were open.
fn open_by_procedure(report: &YearEndReport) -> bool {
    report.open + report.carried_over_open == 0 || report.procedures.iter().any(|p| p.open > 0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // test code
    use super::{YearEndReport, render, render_with, vi_number};
    use minijinja::Value;

    /// The year-end reports the conformance corpus expects of its `report.year_end` cases.
    fn corpus_reports() -> Vec<YearEndReport> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/conformance/report.json"
        );
        let corpus: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        corpus["cases"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["operation"] == "report.year_end")
            .filter(|c| c["expected"].get("error").is_none())
            .map(|c| serde_json::from_value(c["expected"].clone()).unwrap())
            .collect()
    }

    /// The page made from the lean writer's value is the page serde's `Serialize` gave, a
    /// procedure with no committed time has no "kept" count (an absent field is not `none` to
    /// the template), and the incidents' apologies have their sentence only when there are any.
    #[test]
    fn the_page_is_the_one_serde_gave() {
        let reports = corpus_reports();
        assert!(reports.len() > 3);
        for r in &reports {
            let page = render(r, None, None, Some("X")).unwrap();
            let by_serde = render_with(r, Value::from_serialize(r), [None, None, Some("X")]);
            assert_eq!(page, by_serde.unwrap());
            let kept = r.procedures.iter().filter(|p| p.commitment_kept.is_some());
            assert_eq!(page.matches("(giữ đúng: ").count(), kept.count());
            let incidents = r.letters.incident_apologies;
            let line = format!("hoặc kết quả có sai sót: {}.", vi_number(incidents));
            assert_eq!(page.contains(&line), incidents > 0, "{line}");
        }
        assert!(reports.iter().any(|r| r.letters.incident_apologies > 0));
    }

    /// A report saved before each procedure's open dossiers were counted (read back with 0 for
    /// them) has no column for them, where a report of this version with the same total has.
    #[test]
    fn an_earlier_report_has_no_open_column() {
        let header = "<th>Đang giải quyết (quá hạn)</th>";
        let mut report = corpus_reports().into_iter().find(|r| r.open > 0).unwrap();
        assert!(render(&report, None, None, None).unwrap().contains(header));
        let mut text = serde_json::to_value(&report).unwrap();
        for p in text["procedures"].as_array_mut().unwrap() {
            for k in ["open", "open_overdue", "refused", "withdrawn"] {
                p.as_object_mut().unwrap().remove(k);
            }
        }
        report = serde_json::from_value(text).unwrap();
        assert!(!render(&report, None, None, None).unwrap().contains(header));
    }

    /// NĐ 61/2018 Art. 30(2)(c)'s rate has its sentence when the report has the rate, and none
    /// in a report saved before it was given.
    #[test]
    fn the_rate_of_the_received_when_given() {
        let line = "Tỷ lệ hồ sơ giải quyết đúng hạn trên tổng số hồ sơ tiếp nhận";
        for r in corpus_reports() {
            let page = render(&r, None, None, None).unwrap();
            assert_eq!(page.contains(line), r.received + r.carried_over > 0);
            let mut text = serde_json::to_value(&r).unwrap();
            text.as_object_mut()
                .unwrap()
                .remove("on_time_share_of_received");
            let earlier: YearEndReport = serde_json::from_value(text).unwrap();
            assert!(!render(&earlier, None, None, None).unwrap().contains(line));
        }
        let carried = "trên tổng số hồ sơ tiếp nhận (kể cả kỳ trước chuyển qua): 40,0%";
        let pages = corpus_reports()
            .iter()
            .map(|r| render(r, None, None, None).unwrap())
            .filter(|p| p.contains(carried))
            .count();
        assert_eq!(pages, 1, "report-carried-over-into-the-year: 2 of 1 + 4");
    }

    /// The home-birth section names the weights of its score, which the seed plan does not set
    /// (`birth_home.toml` `[report_weights]`).
    #[test]
    fn the_home_birth_score_names_its_weights() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/one-stop-desk/report-2025.json"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let report: YearEndReport = serde_json::from_str(&text).unwrap();
        let page = render(&report, None, None, None).unwrap();
        assert!(page.contains(
            "Điểm gồm: khai sinh trong 60 ngày 50,0 điểm; trao tại nhà 30,0 điểm; thời gian từ \
             khi sinh đến khi có giấy khai sinh 20,0 điểm. Kế hoạch không quy định"
        ));
        // Every factor of the example has an index: no sentence on fewer of them, nor when an
        // answer saved before `factors_scored` has none.
        assert!(!page.contains("trung bình của"));
        let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
        value["satisfaction"]["factors_scored"] = 4.into();
        let fewer: YearEndReport = serde_json::from_value(value.clone()).unwrap();
        let page = render(&fewer, None, None, None).unwrap();
        assert!(page.contains("(trung bình của 4 trong 5 nhóm tiêu chí"));
        value["satisfaction"]
            .as_object_mut()
            .unwrap()
            .remove("factors_scored");
        let earlier: YearEndReport = serde_json::from_value(value).unwrap();
        let page = render(&earlier, None, None, None).unwrap();
        assert!(!page.contains("trung bình của"));
    }

    /// The satisfaction section says its index is provisional when the questionnaire is, of how
    /// many factors its overall index is the mean, and counts the forms that could not be read.
    #[test]
    fn the_satisfaction_section_says_what_it_rests_on() {
        let report = corpus_reports()
            .into_iter()
            .find(|r| r.satisfaction.is_some())
            .unwrap();
        let page = render(&report, None, None, None).unwrap();
        assert!(page.contains(
            "<p><i>Kết quả tạm tính: bộ câu hỏi, ngưỡng hài lòng, trọng số và cách tính theo bố"
        ));
        assert!(!page.contains("phiếu không đọc được"));
        assert!(page.contains("(trung bình của 2 trong 5 nhóm tiêu chí: nhóm không có chỉ số"));
        let mut text = serde_json::to_value(&report).unwrap();
        text["satisfaction"]["provisional"] = false.into();
        text["satisfaction"]["invalid_responses"] = serde_json::json!([
            {"index": 1, "reason_vi": "x", "reason_en": "x"},
            {"index": 4, "reason_vi": "x", "reason_en": "x"},
        ]);
        let report: YearEndReport = serde_json::from_value(text).unwrap();
        let page = render(&report, None, None, None).unwrap();
        assert!(!page.contains("Kết quả tạm tính: bộ câu hỏi"));
        // A unit's provisional questionnaire without a reason: its source stands for it.
        let mut text = serde_json::to_value(&report).unwrap();
        text["satisfaction"]["provisional"] = true.into();
        text["satisfaction"]["source"] = "Phiếu của tỉnh, bản thử".into();
        let satisfaction = text["satisfaction"].as_object_mut().unwrap();
        satisfaction.remove("provisional_reason_vi");
        let report: YearEndReport = serde_json::from_value(text).unwrap();
        let page = render(&report, None, None, None).unwrap();
        assert!(page.contains("<p><i>Kết quả tạm tính: Phiếu của tỉnh, bản thử.</i></p>"));
        assert!(page.contains("); ngoài ra 2 phiếu không đọc được, không tính. Chỉ số"));
    }

    #[test]
    fn thousands_are_dotted() {
        assert_eq!(vi_number(0), "0");
        assert_eq!(vi_number(999), "999");
        assert_eq!(vi_number(1000), "1.000");
        assert_eq!(vi_number(1_234_567), "1.234.567");
    }
}
