"""The numpy peer of `thanthien batch calendar.add_working_days`: the same NDJSON in, one JSON
answer per line out, working days by `numpy.busday_offset` with the official days off of
`core/data/vn-official-days-off.json` as holidays. numpy has no make-up working Saturdays, so a
line whose count crosses one answers a day later than the law: the benchmark reports how many
lines agree with the engine.

    python numpy_pipeline.py DAYS_OFF_JSON INPUT_NDJSON OUTPUT_NDJSON
"""
import json
import sys

import numpy as np


def days_off(path):
    data = json.load(open(path, encoding="utf-8"))
    return np.array(
        sorted(d["date"] for year, v in data.items() if year != "_meta" for d in v["days_off"]),
        dtype="datetime64[D]",
    )


def main(days_off_path, input_path, output_path):
    calendar = np.busdaycalendar(weekmask="1111100", holidays=days_off(days_off_path))
    records = [json.loads(line) for line in open(input_path, encoding="utf-8")]
    starts = np.array([r["start"] for r in records], dtype="datetime64[D]")
    days = np.array([r["days"] for r in records], dtype=np.int64)
    # Counting from the start day: forward from the last working day on or before it, backward
    # from the first on or after it (the engine counts the days after, or before, the start).
    forward = np.busday_offset(starts, days, roll="backward", busdaycal=calendar)
    backward = np.busday_offset(starts, days, roll="forward", busdaycal=calendar)
    ends = np.where(days >= 0, forward, backward)
    ends = np.where(days == 0, starts, ends)
    skipped = np.abs((ends - starts).astype(np.int64)) - np.abs(days)
    with open(output_path, "w", encoding="utf-8") as out:
        for end, n in zip(ends.astype(str), skipped.tolist()):
            out.write(json.dumps({"date": end, "skipped": [], "skipped_count": n,
                                  "provisional": False, "ruleset_version": "numpy"}))
            out.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
