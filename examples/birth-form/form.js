// The citizen form of the home birth-registration model. Every rule is the engine's
// (`birth_home.assess` in the browser build); this file only reads the form, calls the engine and
// shows its answer in plain Vietnamese. Nothing leaves the browser.
import init, { birthHomeAssess } from "./pkg/thanthien.js";

const form = document.getElementById("birth-form");
const status = document.getElementById("engine-status");
const verdict = document.getElementById("verdict");
const result = document.getElementById("result");
const facts = document.getElementById("facts");
const criteriaList = document.getElementById("criteria");
const criteriaTitle = document.getElementById("criteria-title");

// The moment of the application, Vietnam time (UTC+7). `?now=YYYY-MM-DDTHH:MM` fixes it (demos, tests).
function now() {
  const fixed = new URLSearchParams(location.search).get("now");
  if (fixed) return fixed;
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 16);
}

const dmy = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
// The commune's rule choices, as a ruleset. QĐ 491/QĐ-UBND 2020 (mục II.3) ran the model from
// 01/2020 to 12/2020; a commune that continues it by its own decision says so here (the engine's
// data marks the continuation as an assumption, so its answers come out provisional). A commune
// that does not continue the model removes this line.
const RULESET = { birth_home: { continuation: true } };

const RESULT_WORDS = { pass: "Đạt", fail: "Chưa đạt", needs_information: "Cần bổ sung thông tin" };

function showError(field, message) {
  const input = document.getElementById(field);
  const box = document.getElementById(`${field}-error`);
  if (!input || !box) return false;
  input.setAttribute("aria-invalid", "true");
  box.textContent = message;
  box.hidden = false;
  return true;
}

function clearErrors() {
  for (const box of form.querySelectorAll(".error")) {
    box.hidden = true;
    box.textContent = "";
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}

// dd/mm/yyyy (also d/m/yyyy, with - or .) to YYYY-MM-DD; null when the text has another shape.
function isoDate(text) {
  const m = text.trim().match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
  if (!m) return null;
  return `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}`;
}

function exists(iso) {
  const [y, mo, d] = iso.split("-").map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

// A parent from the form's choice: "VN_abroad" is a Vietnamese citizen settled abroad, which gives
// the birth a foreign element (Luật Hộ tịch Art. 35(1)(b), (c)).
function parent(choice, resident) {
  if (choice === "VN_abroad") return { nationality: "VN", settled_abroad: true };
  return { nationality: choice, resident_commune_code: resident };
}

function application(birth) {
  const data = new FormData(form);
  const commune = data.get("commune_code");
  const resident = data.get("resident") === "yes" ? commune : "khac";
  const parents = [];
  const father = data.get("father_nationality");
  if (father) parents.push(parent(father, resident));
  parents.push(parent(data.get("mother_nationality"), resident));
  const household = {};
  for (const flag of data.getAll("household")) household[flag] = true;
  const app = {
    commune_code: commune,
    child_birth_date: birth,
    application_date: now(),
    born_in_vietnam: data.get("birth_place") !== "abroad",
    child_alive: !data.get("child_died"),
    parents,
    documents: data.getAll("documents"),
    paternity_recognition: Boolean(data.get("paternity_recognition")),
    household,
  };
  const hamlet = String(data.get("hamlet") ?? "").trim();
  if (hamlet) app.hamlet = hamlet;
  const distance = String(data.get("distance_km") ?? "").trim();
  if (distance !== "") app.distance_km = Number(distance);
  return app;
}

function waiting(text) {
  verdict.textContent = text;
  result.className = "";
  facts.hidden = true;
  criteriaTitle.hidden = true;
  criteriaList.replaceChildren();
}

function render(answer) {
  const route = answer.route;
  result.className = route === "home_visit" ? "ok" : "office";
  verdict.textContent =
    route === "home_visit"
      ? "Gia đình đủ điều kiện để được cấp giấy khai sinh tại nhà."
      : route === "office_with_care"
        ? "Xin chia buồn cùng gia đình. Cán bộ hộ tịch sẽ hướng dẫn đăng ký khai sinh và khai tử tại Bộ phận Một cửa."
        : "Gia đình đăng ký khai sinh tại Bộ phận Một cửa của xã.";
  const left = answer.days_left;
  document.getElementById("deadline").textContent =
    `${dmy(answer.registration_deadline)} (60 ngày kể từ ngày sinh) — ` +
    (left >= 0 ? `còn ${left} ngày` : `đã quá hạn ${-left} ngày`);
  // The engine's reason (Luật Hộ tịch Art. 11): exempt, on time, the province's late fee, or who
  // sets it when the amount is not known.
  const fee = answer.fee_reason_vi;
  document.getElementById("fee").textContent = fee.charAt(0).toUpperCase() + fee.slice(1);
  const ready = answer.ready_at;
  document.getElementById("ready").textContent = `${ready.slice(11, 16)} ngày ${dmy(ready.slice(0, 10))}`;
  document.getElementById("next-step").textContent = answer.next_step_vi;
  facts.hidden = false;
  criteriaTitle.hidden = false;
  criteriaList.replaceChildren(
    ...answer.criteria.map((c) => {
      const li = document.createElement("li");
      li.className = c.result;
      li.dataset.code = c.code;
      li.textContent = `${RESULT_WORDS[c.result]}: ${c.reason_vi}`;
      return li;
    }),
  );
}

function update(event) {
  clearErrors();
  const text = document.getElementById("child_birth_date").value;
  const typing = event?.type === "input" && event.target.id === "child_birth_date";
  if (!text.trim()) return waiting("Hãy nhập ngày sinh của cháu.");
  const birth = isoDate(text);
  if (!birth) {
    if (typing && text.trim().length < 10) return waiting("Hãy nhập đủ ngày sinh của cháu.");
    showError("child_birth_date", "Ngày sinh cần viết theo dạng ngày/tháng/năm, ví dụ 10/01/2025.");
    return waiting("Hãy sửa các ô được đánh dấu.");
  }
  if (!exists(birth)) {
    showError("child_birth_date", `Không có ngày ${text.trim()} trong lịch. Hãy kiểm tra lại ngày sinh.`);
    return waiting("Hãy sửa các ô được đánh dấu.");
  }
  if (!form.commune_code.value) return waiting("Hãy chọn xã, thị trấn nơi đăng ký.");
  const answer = birthHomeAssess({ application: application(birth), ruleset: RULESET });
  if ("error" in answer) {
    const e = answer.error;
    const field = e.path.replace(/^application\./, "");
    if (!showError(field, e.message_vi)) return waiting(e.message_vi);
    return waiting("Hãy sửa các ô được đánh dấu.");
  }
  render(answer);
}

let timer;
function soon(event) {
  clearTimeout(timer);
  timer = setTimeout(() => update(event), 120);
}

try {
  await init({ module_or_path: new URL("./pkg/thanthien_bg.wasm", import.meta.url) });
  status.textContent = "Bộ quy tắc đã sẵn sàng.";
  performance.mark("thanthien-rules-ready");
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  update();
} catch (err) {
  status.textContent = "Không tải được bộ quy tắc. Hãy tải lại trang khi có mạng.";
  console.error(err);
}

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("sw.js").catch((err) => console.warn("offline mode unavailable", err));
}
