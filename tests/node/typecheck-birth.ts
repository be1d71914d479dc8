// The birth form's package declarations: `birthHomeAssess` is there with its types, the other
// operations and the dispatch by name are not.
import { birthHomeAssess, type Answer, type AssessOutput } from "../../target/thanthien/pkg-birth-nodejs/thanthien.js";
import * as birthPackage from "../../target/thanthien/pkg-birth-nodejs/thanthien.js";

const assessed: Answer<AssessOutput> = birthHomeAssess({
  application: {
    commune_code: "29461", child_birth_date: "2025-01-10", application_date: "2025-02-03T09:00",
    born_in_vietnam: true, child_alive: true,
    parents: [{ nationality: "VN", resident_commune_code: "29461" }],
  },
});
if (!("error" in assessed)) {
  const eligible: boolean = assessed.eligible;
  console.log(eligible, assessed.ready_at);
}
// @ts-expect-error `child_alive` is required
birthHomeAssess({ application: { commune_code: "29461", child_birth_date: "2025-01-10", application_date: "2025-02-03", born_in_vietnam: true, parents: [] } });
// @ts-expect-error the calendar operations are not in the birth form's package
export type NoCalendar = typeof birthPackage.calendarDay;
// @ts-expect-error nor are the deadline operations
export type NoDeadline = typeof birthPackage.deadlineCompute;
// @ts-expect-error nor the dispatch by name
export type NoCall = typeof birthPackage.callJson;
