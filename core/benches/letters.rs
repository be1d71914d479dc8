//! Native benchmarks of letters (criterion), issue #4: selecting the letters of 10,000 dossiers
//! and rendering 1,000 letters.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)] // benchmark code

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use thanthien_core::api::letters::{RenderInput, SelectInput, render, select};

/// Dossier `i`: a mix of on-time births, late re-appointed paternity cases and deaths.
pub fn dossier(i: usize) -> Value {
    let day = 3 + i % 20;
    match i % 3 {
        0 => {
            json!({"procedure_code": "ho_tich.khai_sinh", "id": format!("H59-2503{day:02}-{i:04}"), "unit": "29461",
                    "events": [{"type": "received", "at": format!("2025-03-{day:02}T09:00")},
                               {"type": "returned", "at": format!("2025-03-{day:02}T10:30")}]})
        }
        1 => {
            json!({"procedure_code": "ho_tich.nhan_cha_me_con", "id": format!("H59-2503{day:02}-{i:04}"), "unit": "29461",
                    "events": [{"type": "received", "at": format!("2025-03-{day:02}T08:00")},
                               {"type": "extended", "at": format!("2025-03-{day:02}T15:00"), "new_due_at": "2025-04-10T16:00",
                                "reason": "Chờ xác minh", "caused_by": "agency"},
                               {"type": "result_ready", "at": "2025-04-09T10:00"},
                               {"type": "returned", "at": "2025-04-10T09:00"}]})
        }
        _ => {
            json!({"procedure_code": "ho_tich.khai_tu", "id": format!("H59-2503{day:02}-{i:04}"), "unit": "29461",
                    "events": [{"type": "received", "at": format!("2025-03-{day:02}T09:00")},
                               {"type": "returned", "at": format!("2025-03-{day:02}T10:00")}]})
        }
    }
}

fn bench(c: &mut Criterion) {
    let selects: Vec<SelectInput> = (0..10_000)
        .map(|i| thanthien_core::de::from_value(json!({"dossier": dossier(i)})).unwrap())
        .collect();
    let kinds = ["thank_you", "apology", "condolence"];
    let renders: Vec<RenderInput> = (0..1_000)
        .map(|i| {
            thanthien_core::de::from_value(json!({
                "letter": {"kind": kinds[i % 3], "number": i % 99 + 1, "date": "2025-04-11"},
                "unit": {"code": "29461", "signer_name": "Nguyễn Văn An", "signer_title": "CHỦ TỊCH",
                         "signer_prefix": "TM. ỦY BAN NHÂN DÂN"},
                "citizen": {"name": "Thạch Thị Sa Rươne"},
                "dossier": dossier(i),
                "format": "html",
            }))
            .unwrap()
        })
        .collect();
    for r in renders.iter().take(3) {
        render(r.clone()).unwrap();
    }
    let mut group = c.benchmark_group("letters");
    group.sample_size(10);
    group.bench_function("native letters.select, 10,000 dossiers", |b| {
        b.iter(|| {
            for s in &selects {
                black_box(select(s.clone()).unwrap());
            }
        })
    });
    group.bench_function("native letters.render, 1,000 HTML letters", |b| {
        b.iter(|| {
            for r in &renders {
                black_box(render(r.clone()).unwrap());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
