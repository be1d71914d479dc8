// Type-checks the TypeScript declarations generated from the Rust types (tsify + wasm-bindgen):
// correct uses compile, wrong ones must be rejected (each @ts-expect-error fails the check if the
// line below it is accepted, so `any` types would fail this file).
import {
  calendarAddWorkingDays,
  calendarDay,
  birthHomeAssess,
  birthHomeCommuneReport,
  birthHomePlanVisits,
  evaluationDossier,
  evaluationUnit,
  surveyScore,
  grievanceCompute,
  grievanceNotice,
  receptionCheck,
  receptionPlan,
  reportRender,
  reportYearEnd,
  calendarLunarToSolar,
  deadlineCheck,
  deadlineCompute,
  deadlinePreview,
  lettersRegister,
  lettersRender,
  lettersSelect,
  deadlineDossierCode,
  type AddWorkingDaysInput,
  type ComputeInput,
  type Outcome,
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

const dossier: ComputeInput = {
  dossier: {
    procedure: { processing_time: { amount: 3, unit: "working_days" }, supplement: "restart" },
    channel: "in_person",
    events: [
      { type: "received", at: "2025-01-24T16:50" },
      { type: "extended", at: "2025-02-03T09:00", new_due_at: "2025-02-10T16:00", caused_by: "agency", reason: "chờ xác minh" },
    ],
  },
  as_of: "2025-02-04T10:00",
};
const outcome: Answer<Outcome> = deadlineCompute(dossier);
if (!("error" in outcome)) {
  const status: "in_progress" | "at_risk" | "overdue" | "completed_early" | "completed_on_time" | "completed_late" | "refused" | "withdrawn" = outcome.status;
  const score: number | null | undefined = outcome.score;
  console.log(status, score, outcome.due_at, outcome.apology_due_by, outcome.trace.length);
}
const checked = deadlineCheck({ dossier: { procedure_code: "ho_tich.khai_sinh", events: [] } });
if (!("error" in checked)) {
  const valid: boolean = checked.valid;
  console.log(valid, checked.violations.map((v) => v.code));
}
const preview = deadlinePreview({ procedure: "ho_tich.khai_sinh", submitted_at: "2025-01-24T16:50" });
if (!("error" in preview)) {
  console.log(preview.text_vi);
}
// @ts-expect-error an event type that does not exist
deadlineCompute({ dossier: { events: [{ type: "lost", at: "2025-01-24T16:50" }] } });
// @ts-expect-error `caused_by` takes agency, citizen or force_majeure
deadlineCompute({ dossier: { events: [{ type: "extended", at: "2025-01-24T16:50", caused_by: "nobody" }] } });

const owed = lettersSelect({ dossier: { procedure_code: "ho_tich.khai_sinh", events: [{ type: "received", at: "2025-03-03T09:00" }, { type: "returned", at: "2025-03-03T10:30" }] } });
if (!("error" in owed)) {
  for (const l of owed.letters) {
    const kind:
      | "receipt" | "supplement_request" | "refusal" | "apology" | "stop_clock_notice"
      | "thank_you" | "congratulation" | "condolence" | "control_slip" | "stop_notice"
      | "complaint_acceptance" | "complaint_refusal" | "denunciation_acceptance" | "denunciation_refusal"
      | "early_result_notice" = l.kind;
    const missing: string[] = l.missing_fields;
    console.log(kind, l.form_code, l.required, l.send_by, l.channels, l.reason.text_vi, missing);
  }
}
const letter = lettersRender({
  letter: { kind: "thank_you", date: "2025-03-04" },
  unit: { code: "29461", signer_name: "Nguyễn Văn An", signer_title: "CHỦ TỊCH" },
  citizen: { name: "Thạch Thị Sa Rươne" },
  dossier: { procedure_code: "ho_tich.khai_sinh", events: [{ type: "received", at: "2025-03-03T09:00" }] },
  format: "sms",
});
if (!("error" in letter)) {
  const text: string = letter.content;
  console.log(text, letter.chars);
}
// @ts-expect-error `format` is html, text or sms
lettersRender({ letter: { kind: "thank_you" }, unit: {}, citizen: {}, dossier: { events: [] }, format: "pdf" });

const assessed = birthHomeAssess({
  application: {
    commune_code: "29461", child_birth_date: "2025-01-10", application_date: "2025-02-03T09:00",
    born_in_vietnam: true, child_alive: true,
    parents: [{ nationality: "VN", resident_commune_code: "29461" }],
    documents: ["birth_certificate_paper"], household: { poor: true }, distance_km: 6,
  },
});
if (!("error" in assessed)) {
  const eligible: boolean = assessed.eligible;
  const results: ("pass" | "fail" | "needs_information")[] = assessed.criteria.map((c) => c.result);
  console.log(eligible, results, assessed.fee, assessed.days_left, assessed.ready_at, assessed.score);
}
// @ts-expect-error `child_alive` is required
birthHomeAssess({ application: { commune_code: "29461", child_birth_date: "2025-01-10", application_date: "2025-02-03", born_in_vietnam: true, parents: [] } });

const plan = birthHomePlanVisits({
  applications: [{
    id: "a1", commune_code: "29461", child_birth_date: "2025-01-10", application_date: "2025-02-03",
    born_in_vietnam: true, child_alive: true, parents: [{ nationality: "VN", resident_commune_code: "29461" }],
  }],
  capacity: 2, from: "2025-02-03", as_of: "2025-02-03T08:00",
});
if (!("error" in plan)) {
  const first: string | undefined = plan.visits[0]?.date;
  const why: string[] = plan.unserved.map((u) => u.reason_code);
  console.log(first, why, plan.served);
}
// @ts-expect-error `from` is required
birthHomePlanVisits({ applications: [], as_of: "2025-02-03" });
const report = birthHomeCommuneReport({
  registrations: [{ commune_code: "29461", child_birth_date: "2025-02-01", certificate_date: "2025-02-20", served_at_home: true }],
  year: 2025,
});
if (!("error" in report)) {
  const share: number | null | undefined = report.program.share_within_60_days;
  console.log(share, report.communes.map((c) => c.commune_code));
}

const evaluated = evaluationDossier({ dossier: { procedure_code: "ho_tich.khai_sinh", events: [{ type: "received", at: "2025-03-03T09:00" }] }, extra: { complaints_verified: 0 } });
if (!("error" in evaluated)) {
  const scores: number[] = evaluated.indicators.map((i) => i.score);
  console.log(scores, evaluated.left_out.map((l) => l.number));
}
const ranked = evaluationUnit({ unit: "29461", period: { year: 2025, quarter: 1 }, dossiers: [] });
if (!("error" in ranked)) {
  const rank: string = ranked.rank;
  console.log(rank, ranked.total, ranked.indicators.map((i) => [i.number, i.average]));
}

const satisfaction = surveyScore({ responses: [{ answers: { access_place: 5, staff_attitude: null } }] });
if (!("error" in satisfaction)) {
  const overall: number | null | undefined = satisfaction.overall.index;
  console.log(overall, satisfaction.factors.map((f) => [f.code, f.index, f.ci95?.low]));
}

const grievance = grievanceCompute({
  case: { kind: "denunciation", complexity: "complex", events: [{ type: "received", at: "2025-03-03" }] },
  as_of: "2025-03-10",
});
if (!("error" in grievance)) {
  const due: string | null | undefined = grievance.deadlines[0].due;
  const status: "in_time" | "at_risk" | "overdue" | "suspended" | "resolved_on_time" | "resolved_late" | "refused" | "transferred" | "withdrawn" = grievance.status;
  console.log(due, status, grievance.violations.map((v) => v.code));
}
// @ts-expect-error: a kind the law does not know
grievanceCompute({ case: { kind: "lawsuit", events: [] } });

const notice = grievanceNotice({
  case: { id: "KN-01", kind: "complaint", decision_known_on: "2025-02-01", events: [{ type: "received", at: "2025-03-03" }, { type: "accepted", at: "2025-03-05" }] },
  letter: { kind: "complaint_acceptance" },
  unit: { code: "29461", signer_name: "Nguyễn Văn An", signer_title: "CHỦ TỊCH" },
  citizen: { name: "Thạch Văn Sơn" },
});
if (!("error" in notice)) {
  const form: string = notice.form_code;
  console.log(form, notice.content.length, notice.provisional);
}
// @ts-expect-error: a notice needs the complainant
grievanceNotice({ case: { id: "KN-01", kind: "complaint", events: [] }, letter: { kind: "complaint_acceptance" }, unit: {} });

const log = evaluationUnit({
  unit: "29461",
  period: { year: 2025 },
  dossiers: [],
  grievances: [{ kind: "petition", events: [{ type: "received", at: "2025-03-03" }] }],
});
if (!("error" in log)) {
  const counted: number | undefined = log.grievance_log?.cases;
  console.log(counted, log.grievance_log?.kinds.map((k) => [k.kind, k.closed_on_time]));
}

const schedule = receptionPlan({ level: "commune", period: { from: "2025-03-01", to: "2025-03-31" }, weekday: "thursday" });
if (!("error" in schedule)) {
  const days: string[] = schedule.sessions.map((s) => s.date);
  const checked = receptionCheck({ level: "commune", period: { from: "2025-03-01", to: "2025-03-31" }, sessions: days });
  if (!("error" in checked)) console.log(checked.meets, checked.shortfalls.length, schedule.notice_vi.length);
}
// @ts-expect-error: no such weekday
receptionPlan({ level: "commune", period: { from: "2025-03-01", to: "2025-03-31" }, weekday: "funday" });

const year = reportYearEnd({ unit: "29461", year: 2025, dossiers: [], grievances: { cases: [], reception_sessions: ["2025-01-02"] } });
if (!("error" in year)) {
  const rank: string = year.evaluation.rank;
  const held: number | undefined = year.grievances?.reception?.held;
  console.log(held, year.grievances?.log.not_counted.length);
  const page = reportRender({ report: year, signer: "Nguyễn Văn An" });
  if (!("error" in page)) console.log(rank, page.html.length, year.months.map((m) => m.on_time_share));
}

const register = lettersRegister({ unit: { code: "29461" }, date: "2025-06-30", entries: [], format: "text" });
if (!("error" in register)) {
  const rows: number = register.rows;
  console.log(rows, register.form_code, register.not_listed.length);
}
const code = deadlineDossierCode({ unit_identifier: "000.00.26.H59", received_at: "2025-06-23", number: 12 });
if (!("error" in code)) {
  const text: string = code.code;
  console.log(text, code.provisional);
}
// @ts-expect-error the number in the day is a number
deadlineDossierCode({ unit_identifier: "000.00.26.H59", received_at: "2025-06-23", number: "12" });
const extended = deadlineCompute({ dossier: { procedure_code: "ho_tich.nhan_cha_me_con", events: [{ type: "received", at: "2025-03-03T09:00" }, { type: "lawful_extension", at: "2025-03-05T10:00" }] } });
if (!("error" in extended)) {
  const judged: string = extended.judged_against_at;
  console.log(judged, extended.lawful_extension?.new_due_at, extended.fee.amount_vnd, extended.conventions.judge_by);
}
