//! Embedding the thanthien component in a Rust program: load it once, then call it from
//! anywhere (the host is `Sync`; warm instances are reused).
//!
//! `cargo xtask build && cargo run -p thanthien-host --example embed`
use thanthien_host::{Host, Limits, default_component_path, wit};

fn main() -> anyhow::Result<()> {
    let path =
        default_component_path().ok_or_else(|| anyhow::anyhow!("run `cargo xtask build` first"))?;
    let host = Host::load(&path, Limits::default())?;
    println!("loaded {} ({})", path.display(), host.package());

    // The JSON interface: every operation by name.
    let answer = host.call_json(
        "calendar.add_working_days",
        r#"{"start":"2025-01-24","days":3}"#,
    )?;
    println!("JSON: {answer}");

    // The typed interface: WIT records, no JSON.
    let input = wit::AddWorkingHoursInput {
        start: "2025-01-24T16:50".into(),
        hours: 8.0,
        unit: None,
        ruleset: None,
    };
    let typed = host
        .with_instance(|plugin, store| {
            plugin
                .thanthien_rules_calendar()
                .call_add_working_hours(store, &input)
        })?
        .map_err(|failure| anyhow::anyhow!("{failure:?}"))?;
    match typed {
        Ok(out) => println!(
            "typed: 8 working hours from {} end at {}",
            input.start, out.end
        ),
        Err(e) => println!("typed: error {} ({})", e.code, e.message_en),
    }
    Ok(())
}
