// The calendar package's declarations: the calendar operations are there with their types, the
// operations left out of the package are not.
import {
  calendarAddWorkingDays,
  calendarDay,
  calendarWorkingHoursBetween,
  type Answer,
  type DayOutput,
} from "../../target/thanthien/pkg-calendar-nodejs/thanthien.js";
import * as calendarPackage from "../../target/thanthien/pkg-calendar-nodejs/thanthien.js";

const day: Answer<DayOutput> = calendarDay({ date: "2025-01-29" });
if (!("error" in day)) {
  const working: boolean = day.working_day;
  console.log(working, day.lunar.month);
}
const added = calendarAddWorkingDays({ start: "2025-01-24", days: 3 });
if (!("error" in added)) {
  const date: string = added.date;
  console.log(date);
}
calendarWorkingHoursBetween({ from: "2025-01-24T08:00", to: "2025-02-03T08:00" });
// @ts-expect-error `days` must be a number
calendarAddWorkingDays({ start: "2025-01-24", days: "3" });
// @ts-expect-error the deadline operations are not in the calendar package
export type NoDeadline = typeof calendarPackage.deadlineCompute;
// @ts-expect-error nor is the home-birth assessment
export type NoBirthHome = typeof calendarPackage.birthHomeAssess;
