"""The python-holidays peer of `thanthien batch calendar.add_working_days`: the same NDJSON in,
one JSON answer per line out, stepping day by day over weekends and `holidays.VN` (its statutory
holidays; it knows neither the yearly compensatory schedules nor make-up Saturdays).

    python holidays_loop.py INPUT_NDJSON OUTPUT_NDJSON
"""
import datetime
import json
import sys

import holidays


def main(input_path, output_path):
    vn = holidays.VN(years=range(2009, 2029))
    one = datetime.timedelta(days=1)
    with open(output_path, "w", encoding="utf-8") as out:
        for line in open(input_path, encoding="utf-8"):
            r = json.loads(line)
            day = datetime.date.fromisoformat(r["start"])
            left, step, skipped = abs(r["days"]), (one if r["days"] >= 0 else -one), 0
            while left:
                day += step
                if day.weekday() >= 5 or day in vn:
                    skipped += 1
                else:
                    left -= 1
            out.write(json.dumps({"date": day.isoformat(), "skipped": [], "skipped_count": skipped,
                                  "provisional": False, "ruleset_version": "python-holidays"}))
            out.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
