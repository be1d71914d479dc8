//! The astronomy of the lunisolar calendar: true new moons and the Sun's longitude (Meeus,
//! *Astronomical Algorithms*, 2nd ed., ch. 49 and 25; ΔT by Espenak–Meeus), giving the months of
//! each solstice year (see [`super::lunar`] for the rules and their sources).
//!
//! The build script includes this file (`build.rs`) and writes the months of every solstice year
//! in range as a table (`lunar_months.rs`), so the engine looks months up instead of computing
//! them on first use (about 7 ms of every new instance's warm-up in the component); a test checks
//! the table against this code. It depends on nothing else in the crate.

/// Time zone of the calendar: UTC+7, the meridian the calendar issued in Vietnam uses from 1968
/// (DOMAIN.md §9, §10.1).
pub const TZ_HOURS: f64 = 7.0;

/// Julian Day Number of a proleptic Gregorian date (Fliegel–Van Flandern).
pub fn jdn_from_ymd(y: i32, m: u32, d: u32) -> i64 {
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(d));
    let a = (14 - m) / 12;
    let yy = y + 4800 - a;
    let mm = m + 12 * a - 3;
    d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32_045
}

pub const SYNODIC_MONTH: f64 = 29.530_588_861;
/// JDE of the mean new moon k = 0 (2000-01-06), Meeus (49.1).
pub const K0_JDE: f64 = 2_451_550.097_66;

/// ΔT = TT − UT in seconds, Espenak & Meeus polynomial fits (NASA, "Polynomial expressions for
/// Delta T"), for the decimal year `y`.
fn delta_t_seconds(y: f64) -> f64 {
    if y < 1860.0 {
        let u = (y - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u
    } else if y < 1900.0 {
        let t = y - 1860.0;
        7.62 + 0.5737 * t - 0.251_754 * t.powi(2) + 0.016_806_68 * t.powi(3)
            - 0.000_447_362_4 * t.powi(4)
            + t.powi(5) / 233_174.0
    } else if y < 1920.0 {
        let t = y - 1900.0;
        -2.79 + 1.494_119 * t - 0.059_893_9 * t.powi(2) + 0.006_196_6 * t.powi(3)
            - 0.000_197 * t.powi(4)
    } else if y < 1941.0 {
        let t = y - 1920.0;
        21.20 + 0.844_93 * t - 0.076_100 * t.powi(2) + 0.002_093_6 * t.powi(3)
    } else if y < 1961.0 {
        let t = y - 1950.0;
        29.07 + 0.407 * t - t.powi(2) / 233.0 + t.powi(3) / 2547.0
    } else if y < 1986.0 {
        let t = y - 1975.0;
        45.45 + 1.067 * t - t.powi(2) / 260.0 - t.powi(3) / 718.0
    } else if y < 2005.0 {
        let t = y - 2000.0;
        63.86 + 0.3345 * t - 0.060_374 * t.powi(2)
            + 0.001_727_5 * t.powi(3)
            + 0.000_651_814 * t.powi(4)
            + 0.000_023_735_99 * t.powi(5)
    } else if y < 2050.0 {
        let t = y - 2000.0;
        62.92 + 0.322_17 * t + 0.005_589 * t.powi(2)
    } else if y < 2150.0 {
        let u = (y - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u - 0.5628 * (2150.0 - y)
    } else {
        let u = (y - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u
    }
}

fn decimal_year(jd: f64) -> f64 {
    2000.0 + (jd - 2_451_545.0) / 365.25
}

fn sin_deg(x: f64) -> f64 {
    x.to_radians().sin()
}

/// Periodic terms of the new moon, Meeus ch. 49: (coefficient, power of E, M, M', F, Ω).
const NEW_MOON_TERMS: [(f64, i32, f64, f64, f64, f64); 25] = [
    (-0.407_20, 0, 0.0, 1.0, 0.0, 0.0),
    (0.172_41, 1, 1.0, 0.0, 0.0, 0.0),
    (0.016_08, 0, 0.0, 2.0, 0.0, 0.0),
    (0.010_39, 0, 0.0, 0.0, 2.0, 0.0),
    (0.007_39, 1, -1.0, 1.0, 0.0, 0.0),
    (-0.005_14, 1, 1.0, 1.0, 0.0, 0.0),
    (0.002_08, 2, 2.0, 0.0, 0.0, 0.0),
    (-0.001_11, 0, 0.0, 1.0, -2.0, 0.0),
    (-0.000_57, 0, 0.0, 1.0, 2.0, 0.0),
    (0.000_56, 1, 1.0, 2.0, 0.0, 0.0),
    (-0.000_42, 0, 0.0, 3.0, 0.0, 0.0),
    (0.000_42, 1, 1.0, 0.0, 2.0, 0.0),
    (0.000_38, 1, 1.0, 0.0, -2.0, 0.0),
    (-0.000_24, 1, -1.0, 2.0, 0.0, 0.0),
    (-0.000_17, 0, 0.0, 0.0, 0.0, 1.0),
    (-0.000_07, 0, 2.0, 1.0, 0.0, 0.0),
    (0.000_04, 0, 0.0, 2.0, -2.0, 0.0),
    (0.000_04, 0, 3.0, 0.0, 0.0, 0.0),
    (0.000_03, 0, 1.0, 1.0, -2.0, 0.0),
    (0.000_03, 0, 0.0, 2.0, 2.0, 0.0),
    (-0.000_03, 0, 1.0, 1.0, 2.0, 0.0),
    (0.000_03, 0, -1.0, 1.0, 2.0, 0.0),
    (-0.000_02, 0, -1.0, 1.0, -2.0, 0.0),
    (-0.000_02, 0, 1.0, 3.0, 0.0, 0.0),
    (0.000_02, 0, 0.0, 4.0, 0.0, 0.0),
];

/// Planetary arguments of Meeus ch. 49: (A at k = 0, rate per lunation, coefficient).
const PLANETARY_TERMS: [(f64, f64, f64); 13] = [
    (251.88, 0.016_321, 0.000_165),
    (251.83, 26.651_886, 0.000_164),
    (349.42, 36.412_478, 0.000_126),
    (84.66, 18.206_239, 0.000_110),
    (141.74, 53.303_771, 0.000_062),
    (207.14, 2.453_732, 0.000_060),
    (154.84, 7.306_860, 0.000_056),
    (34.52, 27.261_239, 0.000_047),
    (207.19, 0.121_824, 0.000_042),
    (291.34, 1.844_379, 0.000_040),
    (161.72, 24.198_154, 0.000_037),
    (239.56, 25.513_099, 0.000_035),
    (331.55, 3.592_518, 0.000_023),
];

/// Julian Ephemeris Day (TT) of true new moon number `k` (k = 0: 2000-01-06), Meeus ch. 49.
pub fn new_moon_jde(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let (t2, t3, t4) = (t * t, t * t * t, t * t * t * t);
    let mean =
        K0_JDE + SYNODIC_MONTH * k + 0.000_154_37 * t2 - 0.000_000_150 * t3 + 0.000_000_000_73 * t4;
    let e = 1.0 - 0.002_516 * t - 0.000_007_4 * t2;
    let m = 2.5534 + 29.105_356_70 * k - 0.000_001_4 * t2 - 0.000_000_11 * t3;
    let mp =
        201.5643 + 385.816_935_28 * k + 0.010_758_2 * t2 + 0.000_012_38 * t3 - 0.000_000_058 * t4;
    let f =
        160.7108 + 390.670_502_84 * k - 0.001_611_8 * t2 - 0.000_002_27 * t3 + 0.000_000_011 * t4;
    let om = 124.7746 - 1.563_755_88 * k + 0.002_067_2 * t2 + 0.000_002_15 * t3;
    let periodic: f64 = NEW_MOON_TERMS
        .iter()
        .map(|&(c, e_pow, cm, cmp, cf, com)| {
            c * e.powi(e_pow) * sin_deg(cm * m + cmp * mp + cf * f + com * om)
        })
        .sum();
    let a1 = 299.77 + 0.107_408 * k - 0.009_173 * t2;
    let planetary: f64 = 0.000_325 * sin_deg(a1)
        + PLANETARY_TERMS
            .iter()
            .map(|&(a0, rate, c)| c * sin_deg(a0 + rate * k))
            .sum::<f64>();
    mean + periodic + planetary
}

/// Universal-time Julian Day of new moon `k`.
pub fn new_moon_jd_ut(k: i64) -> f64 {
    let jde = new_moon_jde(k);
    jde - delta_t_seconds(decimal_year(jde)) / 86_400.0
}

/// Julian Day Number of the local (UTC+7) day on which new moon `k` falls.
pub fn new_moon_day(k: i64) -> i64 {
    (new_moon_jd_ut(k) + 0.5 + TZ_HOURS / 24.0).floor() as i64
}

/// The Sun's apparent geometric longitude in degrees at universal time `jd_ut`
/// (Meeus ch. 25, low-accuracy method with nutation and aberration).
pub fn sun_longitude_deg(jd_ut: f64) -> f64 {
    let jde = jd_ut + delta_t_seconds(decimal_year(jd_ut)) / 86_400.0;
    let t = (jde - 2_451_545.0) / 36_525.0;
    let l0 = 280.466_46 + 36_000.769_83 * t + 0.000_303_2 * t * t;
    let m = 357.529_11 + 35_999.050_29 * t - 0.000_153_7 * t * t;
    let c = (1.914_602 - 0.004_817 * t - 0.000_014 * t * t) * sin_deg(m)
        + (0.019_993 - 0.000_101 * t) * sin_deg(2.0 * m)
        + 0.000_289 * sin_deg(3.0 * m);
    let omega = 125.04 - 1_934.136 * t;
    let lambda = l0 + c - 0.005_69 - 0.004_78 * sin_deg(omega);
    lambda.rem_euclid(360.0)
}

/// Index 0..=11 of the 30° sector the Sun is in at the start (local midnight) of day `jdn`.
pub fn major_term_index(jdn: i64) -> i64 {
    let jd_ut = jdn as f64 - 0.5 - TZ_HOURS / 24.0;
    (sun_longitude_deg(jd_ut) / 30.0).floor() as i64
}

/// Month 11 of lunar year `y`: the new moon number whose month contains the December solstice.
pub fn month11_k(y: i32) -> i64 {
    let dec31 = jdn_from_ymd(y, 12, 31);
    let k = ((dec31 as f64 - K0_JDE) / SYNODIC_MONTH).floor() as i64;
    if major_term_index(new_moon_day(k)) >= 9 {
        k - 1
    } else {
        k
    }
}

/// The months of the solstice year ending with month 11 of lunar year `y` (from month 11 of
/// `y − 1`): the first days (JDN) of its 12 or 13 months and of the next month 11, and the index
/// of its leap month, if it has 13 (the first month with no major term).
pub fn solstice_months(y: i32) -> (Vec<i64>, Option<usize>) {
    let k_start = month11_k(y - 1);
    let k_end = month11_k(y);
    let starts: Vec<i64> = (k_start..=k_end).map(new_moon_day).collect();
    let leap_index = if starts.len() == 14 {
        // 13 months: the first month whose start and end lie in the same 30° sector holds no
        // major term and is the leap month.
        let idx: Vec<i64> = starts.iter().map(|&d| major_term_index(d)).collect();
        idx.windows(2)
            .skip(1)
            .position(|w| w.first() == w.get(1))
            .map(|p| p + 1)
    } else {
        None
    };
    (starts, leap_index)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1944-06-20 16:59:32 UT = 23:59:32 UTC+7 (PyEphem); the truncated series puts it on the 21st.
    #[test]
    fn new_moon_near_midnight_1944() {
        let k = ((jdn_from_ymd(1944, 6, 20) as f64 - K0_JDE) / SYNODIC_MONTH).round() as i64;
        assert_eq!(new_moon_day(k), jdn_from_ymd(1944, 6, 20));
        let secs_before_midnight =
            (1.0 - (new_moon_jd_ut(k) + 0.5 + 7.0 / 24.0).fract()) * 86_400.0;
        assert!(
            (secs_before_midnight - 28.0).abs() < 20.0,
            "{secs_before_midnight}"
        );
    }
}
