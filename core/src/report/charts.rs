//! The report's charts as inline SVG (no script, no external file, so the report stays one
//! self-contained page that prints as it shows).
use std::fmt::Write;

use super::{MonthReport, ProcedureReport};
use crate::survey::SurveyOutput;

/// Escapes text for SVG.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0).replace('.', ",")
}

/// Share of results early or on time, by month of the result.
pub fn on_time_by_month(months: &[MonthReport]) -> String {
    let (w, h, left, top, bar) = (640.0, 220.0, 40.0, 16.0, 36.0);
    let plot = h - top - 30.0;
    let mut s = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-label="Tỷ lệ hồ sơ đúng hạn và trước hạn theo tháng" font-family="Times New Roman, serif" font-size="11">"##
    );
    for k in 0..=4 {
        let y = top + plot * (1.0 - f64::from(k) / 4.0);
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke="#ccc" stroke-width="0.5"/><text x="{}" y="{:.1}" text-anchor="end">{}%</text>"##,
            w - 8.0,
            left - 4.0,
            y + 4.0,
            k * 25
        );
    }
    for (i, m) in months.iter().enumerate() {
        let x = left + 8.0 + i as f64 * (bar + 14.0);
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">T{}</text>"##,
            x + bar / 2.0,
            h - 12.0,
            m.month
        );
        match m.results.on_time_share {
            Some(share) => {
                let bh = plot * share;
                let _ = write!(
                    s,
                    r##"<rect x="{x:.1}" y="{:.1}" width="{bar}" height="{bh:.1}" fill="{}"><title>Tháng {}: {} ({} hồ sơ có kết quả)</title></rect><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="9">{}</text>"##,
                    top + plot - bh,
                    if share >= 0.95 {
                        "#2e7d32"
                    } else if share >= 0.8 {
                        "#f9a825"
                    } else {
                        "#c62828"
                    },
                    m.month,
                    pct(share),
                    m.results.completed,
                    x + bar / 2.0,
                    top + plot - bh - 3.0,
                    pct(share)
                );
            }
            None => {
                let _ = write!(
                    s,
                    r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#777">–</text>"##,
                    x + bar / 2.0,
                    top + plot - 4.0
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

/// Average working days taken against the statutory (and committed) time, by procedure.
pub fn time_by_procedure(procs: &[ProcedureReport]) -> String {
    let rows: Vec<&ProcedureReport> = procs
        .iter()
        .filter(|p| p.average_working_days.is_some())
        .collect();
    let (w, label, row) = (640.0, 230.0, 34.0);
    let h = 30.0 + row * rows.len().max(1) as f64;
    let max = rows
        .iter()
        .flat_map(|p| {
            [
                p.average_working_days,
                p.statutory_working_days,
                p.committed_working_days,
            ]
        })
        .flatten()
        .fold(1.0_f64, f64::max);
    let scale = (w - label - 60.0) / max;
    let mut s = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-label="Thời gian giải quyết bình quân so với thời hạn theo thủ tục" font-family="Times New Roman, serif" font-size="11">"##
    );
    let _ = write!(
        s,
        r##"<rect x="{label}" y="4" width="10" height="8" fill="#1565c0"/><text x="{}" y="12">bình quân thực tế</text><rect x="{}" y="4" width="10" height="8" fill="#bbb"/><text x="{}" y="12">thời hạn quy định</text><line x1="{}" y1="8" x2="{}" y2="8" stroke="#2e7d32" stroke-width="2"/><text x="{}" y="12">thời hạn cam kết</text>"##,
        label + 14.0,
        label + 120.0,
        label + 134.0,
        label + 250.0,
        label + 262.0,
        label + 266.0
    );
    for (i, p) in rows.iter().enumerate() {
        let y = 24.0 + i as f64 * row;
        let name: String = p.name_vi.chars().take(42).collect();
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            label - 6.0,
            y + 14.0,
            esc(&name)
        );
        if let Some(st) = p.statutory_working_days {
            let _ = write!(
                s,
                r##"<rect x="{label}" y="{:.1}" width="{:.1}" height="10" fill="#bbb"><title>Thời hạn: {}</title></rect>"##,
                y + 14.0,
                st * scale,
                esc(&p.statutory_text)
            );
        }
        if let Some(avg) = p.average_working_days {
            let _ = write!(
                s,
                r##"<rect x="{label}" y="{:.1}" width="{:.1}" height="10" fill="#1565c0"><title>Bình quân: {avg} ngày làm việc</title></rect><text x="{:.1}" y="{:.1}" font-size="9">{}</text>"##,
                y + 3.0,
                avg * scale,
                label + avg * scale + 4.0,
                y + 11.0,
                format!("{avg}").replace('.', ",")
            );
        }
        if let Some(c) = p.committed_working_days {
            let x = label + c * scale;
            let _ = write!(
                s,
                r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#2e7d32" stroke-width="2"/>"##,
                y + 1.0,
                y + 26.0
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Satisfaction by factor with the 95 % interval.
pub fn satisfaction_by_factor(survey: &SurveyOutput) -> String {
    let factors = &survey.scores.factors;
    let (w, label, row) = (640.0, 230.0, 26.0);
    let h = 20.0 + row * (factors.len() + 1) as f64;
    let scale = w - label - 70.0;
    let mut s = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-label="Mức độ hài lòng theo nhóm tiêu chí" font-family="Times New Roman, serif" font-size="11">"##
    );
    let mut draw = |i: usize,
                    name: &str,
                    index: Option<f64>,
                    ci: Option<(f64, f64)>,
                    bold: bool| {
        let y = 10.0 + i as f64 * row;
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end"{}>{}</text>"##,
            label - 6.0,
            y + 12.0,
            if bold { r#" font-weight="bold""# } else { "" },
            esc(name)
        );
        if let Some(v) = index {
            let _ = write!(
                s,
                r##"<rect x="{label}" y="{:.1}" width="{:.1}" height="14" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="9">{}</text>"##,
                y + 2.0,
                v * scale,
                if bold { "#0d47a1" } else { "#1565c0" },
                label + scale + 8.0,
                y + 12.0,
                pct(v)
            );
        }
        if let Some((lo, hi)) = ci {
            let _ = write!(
                s,
                r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#000" stroke-width="1"/>"##,
                label + lo * scale,
                y + 9.0,
                label + hi * scale,
                y + 9.0
            );
        }
    };
    for (i, f) in factors.iter().enumerate() {
        draw(
            i,
            &f.result.name_vi,
            f.result.index,
            f.result.ci95.map(|c| (c.low, c.high)),
            false,
        );
    }
    let o = &survey.scores.overall;
    draw(
        factors.len(),
        &o.name_vi,
        o.index,
        o.ci95.map(|c| (c.low, c.high)),
        true,
    );
    s.push_str("</svg>");
    s
}
