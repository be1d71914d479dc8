// Type-checks the TypeScript declarations generated from the Rust types (tsify + wasm-bindgen):
// correct uses compile, wrong ones must be rejected (each @ts-expect-error fails the check if the
// line below it is accepted, so `any` types would fail this file).
import {
  calendarAddWorkingDays,
  calendarDay,
  calendarLunarToSolar,
  type AddWorkingDaysInput,
  type AddWorkingDaysOutput,
  type Answer,
  type DayOutput,
  type EngineError,
} from "../../target/thanthien/pkg-nodejs/thanthien.js";

const input: AddWorkingDaysInput = { start: "2025-01-24", days: 3 };
const answer: Answer<AddWorkingDaysOutput> = calendarAddWorkingDays(input);
if ("error" in answer) {
  const e: EngineError = answer.error;
  const code: string = e.code;
  console.log(code, e.message_vi, e.path);
} else {
  const date: string = answer.date;
  const n: number = answer.skipped_count;
  console.log(date, n, answer.provisional);
}

const day: Answer<DayOutput> = calendarDay({ date: "2025-01-29" });
if (!("error" in day)) {
  const working: boolean = day.working_day;
  const leap: boolean = day.lunar.leap;
  const kind: "working_day" | "weekend" | "holiday" | "compensatory" | "swap_off" | "day_off" | "makeup_working_day" = day.kind;
  console.log(working, leap, kind);
}

calendarLunarToSolar({ year: 2033, month: 11, day: 1, leap: true });

// @ts-expect-error `days` must be a number
calendarAddWorkingDays({ start: "2025-01-24", days: "3" });
// @ts-expect-error `date` is required
calendarDay({});
// @ts-expect-error unknown fields are not part of the input type
calendarDay({ date: "2025-01-29", timezone: "UTC+7" });
if (!("error" in day)) {
  // @ts-expect-error there is no such field in the answer
  console.log(day.working);
}
