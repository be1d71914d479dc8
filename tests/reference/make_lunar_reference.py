#!/usr/bin/env python3
"""Independent reference for the Vietnamese lunisolar calendar (UTC+7), 1899-2200.

Astronomy comes from JPL's DE421 ephemeris through Skyfield for 1899-2052 (the span DE421
covers), and from PyEphem (libastro: VSOP87 Sun, ELP-based Moon) after that; neither is the
engine's Meeus series, so agreement is evidence, not a tautology. (PyEphem alone is not enough:
it puts the new moon of 1967-07-07 at 00:00:03 UTC+7 on the 8th, DE421 at 23:59:59 on the 7th.) The calendar rules are
the ones stated in DOMAIN.md section 9: month 11 contains the December solstice; in a 13-month
year the first month without a major solar term (sun longitude a multiple of 30 degrees) is the
leap month; dates are local days in UTC+7.

Output: tests/reference/lunar_months.tsv, one line per lunar month:
  lunar_year  month  leap(0/1)  first_day(YYYY-MM-DD)  length(29/30)

Run:  pip install ephem==4.2.1 skyfield==1.55 skyfield-data==7.0.0
      python3 -W ignore tests/reference/make_lunar_reference.py
"""
import datetime as dt
import math
import os

import ephem

TZ_HOURS = 7
HERE = os.path.dirname(os.path.abspath(__file__))


def local_day(d):
    """ephem.Date (UT) -> local calendar date in UTC+7."""
    return ephem.Date(d + TZ_HOURS * ephem.hour).datetime().date()


def sun_lon(d):
    s = ephem.Sun(d)
    ecl = ephem.Ecliptic(ephem.Equatorial(s.g_ra, s.g_dec, epoch=d), epoch=d)
    return math.degrees(ecl.lon) % 360.0


def term_time(target_deg, guess):
    """Time when the apparent solar longitude reaches target_deg, near guess."""
    t = ephem.Date(guess)
    for _ in range(60):
        diff = (target_deg - sun_lon(t) + 540.0) % 360.0 - 180.0
        if abs(diff) < 1e-7:
            break
        t = ephem.Date(t + diff / 0.9856)
    return t


DE421_LAST_YEAR = 2052


def skyfield_events(year_from, year_to):
    """New moons and major solar terms (UTC+7 days) from DE421, for year_from-1 .. year_to."""
    from skyfield import almanac
    from skyfield.api import Loader
    import skyfield_data
    load = Loader(skyfield_data.get_skyfield_data_path())
    ts = load.timescale(builtin=True)
    eph = load('de421.bsp')
    t0, t1 = ts.utc(1899, 8, 1), ts.utc(year_to + 1, 1, 1)
    t, y = almanac.find_discrete(t0, t1, almanac.moon_phases(eph))
    moons = [local_day(ephem.Date(ti.utc_datetime())) for ti, yi in zip(t, y) if yi == 0]
    earth, sun = eph['earth'], eph['sun']

    def sector(tt):
        lat, lon, _ = earth.at(tt).observe(sun).apparent().frame_latlon(
            __import__('skyfield.framelib', fromlist=['ecliptic_frame']).ecliptic_frame)
        return (lon.degrees // 30).astype(int)
    sector.step_days = 10
    t, _ = almanac.find_discrete(t0, t1, sector)
    terms = [local_day(ephem.Date(ti.utc_datetime())) for ti in t]
    return moons, terms


def month_starts(year_from, year_to):
    out = []
    d = ephem.Date('%d/11/1' % (year_from - 1))
    end = ephem.Date('%d/3/1' % (year_to + 1))
    while d < end:
        nm = ephem.next_new_moon(d)
        out.append(local_day(nm))
        d = ephem.Date(nm + 1)
    return out


def major_terms(year_from, year_to):
    days = []
    for y in range(year_from - 1, year_to + 2):
        for i in range(12):
            deg = (270 + 30 * i) % 360
            guess = dt.datetime(y, 12, 21) + dt.timedelta(days=30.44 * i)
            days.append(local_day(term_time(deg, guess)))
    return sorted(days)


def main():
    first, last = 1899, 2200
    sf_moons, sf_terms = skyfield_events(first, DE421_LAST_YEAR)
    lo, cut = dt.date(1899, 8, 5), dt.date(DE421_LAST_YEAR, 12, 1)
    early_moons, early_terms = month_starts(first, first), major_terms(first, first)
    starts = ([d for d in early_moons if d < lo] + [d for d in sf_moons if lo <= d < cut]
              + [d for d in month_starts(DE421_LAST_YEAR + 1, last) if d >= cut])
    terms = ([d for d in early_terms if d < lo] + [d for d in sf_terms if lo <= d < cut]
             + [d for d in major_terms(DE421_LAST_YEAR + 1, last) if d >= cut])
    terms = sorted(set(terms))

    def has_term(i):
        return any(starts[i] <= t < starts[i + 1] for t in terms)

    solstices = {}
    for y in range(first - 1, last + 1):
        sol = min((t for t in terms if t.month == 12 and t.year == y and 19 <= t.day <= 23))
        solstices[y] = max(i for i, s in enumerate(starts[:-1]) if s <= sol)

    rows = []
    for y in range(first, last + 1):
        a, b = solstices[y - 1], solstices[y]
        n = b - a
        leap_idx = None
        if n == 13:
            for i in range(a + 1, b + 1):
                if not has_term(i):
                    leap_idx = i
                    break
        month = 11
        for i in range(a, b):
            if i == a:
                m, leap = 11, 0
            elif leap_idx is not None and i == leap_idx:
                m, leap = month, 1
            else:
                month = month % 12 + 1
                m, leap = month, 0
            ly = y if m < 11 else y - 1
            if i == a or (m >= 11 and ly == y - 1):
                ly = y - 1
            length = (starts[i + 1] - starts[i]).days
            rows.append((ly, m, leap, starts[i], length))
    seen = set()
    with open(os.path.join(HERE, 'lunar_months.tsv'), 'w') as f:
        f.write('# lunar_year\tmonth\tleap\tfirst_day\tlength  (DE421 via Skyfield to %d, then PyEphem %s; UTC+7)\n' % (DE421_LAST_YEAR, ephem.__version__))
        for ly, m, leap, s, length in rows:
            key = (ly, m, leap)
            if key in seen:
                continue
            seen.add(key)
            if 1900 <= ly <= 2199:
                f.write('%d\t%d\t%d\t%s\t%d\n' % (ly, m, leap, s.isoformat(), length))


if __name__ == '__main__':
    main()
