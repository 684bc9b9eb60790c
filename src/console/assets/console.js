// The console's page script: renders the state the server pushes (server-sent events) into the
// page's tables, and sends the actions with the session's token. Plain DOM, no framework: four
// tables and one form do not need one, and the page stays one small file with no build step.
// Rows are built with textContent only, so nothing from a queue is ever parsed as HTML.
/* global document, EventSource, fetch, Node, HTMLTableCellElement, HTMLButtonElement */

const token = document.querySelector('meta[name="console-token"]')?.getAttribute("content") ?? "";
const announcer = document.getElementById("announcer");

function announce(text) {
  announcer.textContent = text;
}

async function act(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Console-Token": token },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer;
}

function cell(content, className) {
  const td = document.createElement("td");
  if (content instanceof Node) td.append(content);
  else td.textContent = content ?? "";
  if (className) td.className = className;
  return td;
}

/** Replaces a table's rows; a section that did not change is left alone, so focus stays put. */
const rendered = new Map();
function fillTable(id, rows, empty) {
  const key = JSON.stringify(rows, (_, value) => (value instanceof Node ? value.outerHTML : value));
  if (rendered.get(id) === key) return;
  rendered.set(id, key);
  const table = document.getElementById(id);
  const tbody = table.tBodies[0];
  const columns = table.tHead.rows[0].cells.length;
  const trs = rows.map((row) => {
    const tr = document.createElement("tr");
    for (const content of row) {
      tr.append(content instanceof HTMLTableCellElement ? content : cell(content));
    }
    return tr;
  });
  if (trs.length === 0) {
    const td = cell(empty);
    td.colSpan = columns;
    const tr = document.createElement("tr");
    tr.append(td);
    trs.push(tr);
  }
  // A button that had focus is put back in focus in the new rows, so a keyboard user stays put.
  const focused = tbody.contains(document.activeElement)
    ? document.activeElement.getAttribute("aria-label")
    : null;
  tbody.replaceChildren(...trs);
  if (focused !== null) {
    const again = [...tbody.querySelectorAll("button")].find(
      (element) => element.getAttribute("aria-label") === focused,
    );
    again?.focus();
  }
}

const time = (ms) => (ms === undefined ? "" : new Date(ms).toLocaleTimeString());
const duration = (ms) =>
  ms === undefined ? "" : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
const age = (seconds) =>
  seconds < 120
    ? `${seconds} s`
    : seconds < 7200
      ? `${Math.round(seconds / 60)} min`
      : `${Math.round(seconds / 3600)} h`;

/** The outcome in words, marked by kind for colour (the words say it without the colour). */
function outcomeCell(job) {
  const text =
    job.outcome === "parked" && job.parkedFor
      ? `parked (${job.parkedFor})`
      : (job.outcome ?? (job.status === undefined ? "" : `HTTP ${job.status}`));
  const kind =
    job.outcome === "completed" || job.outcome === "already-completed"
      ? "ok"
      : job.outcome === "parked"
        ? "parked"
        : job.status === 200
          ? "ok"
          : "failed";
  return cell(text, `outcome outcome-${kind}`);
}

function button(label, accessibleName, data) {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = label;
  element.setAttribute("aria-label", accessibleName);
  Object.assign(element.dataset, data);
  return element;
}

function showProblem(id, problem) {
  const element = document.getElementById(id);
  element.hidden = !problem;
  element.textContent = problem ?? "";
}

/** The newest state drawn: the initial state and a pushed one may cross on a new connection. */
let drawnVersion = 0;

function render(state) {
  if (state.version < drawnVersion) return;
  drawnVersion = state.version;
  const { queues, jobs, tasks } = state;
  const depthRow = (name, depth) => [
    name,
    String(depth?.visible ?? "?"),
    String(depth?.inFlight ?? "?"),
    String(depth?.delayed ?? "?"),
  ];
  fillTable(
    "queues-table",
    [depthRow("worker queue", queues.worker), depthRow("dead-letter queue", queues.deadLetter)],
    "",
  );
  showProblem("queues-problem", queues.problem);
  fillTable(
    "running-table",
    jobs.running.map((job) => [job.name, job.messageId, String(job.attempt), time(job.startedAt)]),
    "Nothing is running.",
  );
  fillTable(
    "recent-table",
    jobs.recent.map((job) => [
      time(job.finishedAt),
      job.name,
      job.messageId,
      outcomeCell(job),
      duration(job.durationMs),
      String(job.attempt),
      job.error ?? "",
    ]),
    "No job has run yet.",
  );
  fillTable(
    "parked-table",
    queues.parked.map((message) => [
      message.id,
      message.jobType,
      message.reason,
      message.receiveCount,
      age(message.ageSeconds),
      message.detail ?? "",
      button("Redrive", `Redrive ${message.id}`, { redrive: message.id }),
    ]),
    "The dead-letter queue is empty.",
  );
  document.getElementById("redrive-all").disabled = queues.parked.length === 0;
  const lastRun = (name) => jobs.recent.find((job) => job.kind === "task" && job.name === name);
  fillTable(
    "tasks-table",
    tasks.tasks.map((task) => {
      const last = lastRun(task.name);
      return [
        task.name,
        task.schedule,
        new Date(task.nextRunAt).toLocaleString(undefined, { timeZoneName: "short" }),
        last ? `${time(last.finishedAt)} (${last.outcome ?? last.status ?? ""})` : "",
        button("Run now", `Run ${task.name} now`, { task: task.name }),
      ];
    }),
    "cron.yaml has no task.",
  );
  showProblem("tasks-problem", tasks.problem);
}

function connect() {
  const connection = document.getElementById("connection");
  const events = new EventSource("/api/events");
  events.addEventListener("state", (event) => {
    connection.textContent = "Live.";
    render(JSON.parse(event.data));
  });
  events.addEventListener("error", () => {
    connection.textContent = "Disconnected; reconnecting…";
  });
}

/** The payload from the chosen job's fieldset: each field as its schema's type. */
function payloadOf(fieldset) {
  const payload = {};
  for (const control of fieldset.querySelectorAll("[data-input]")) {
    const kind = control.dataset.input;
    const label = control.labels?.[0]?.textContent ?? control.name;
    if (kind === "checkbox") {
      payload[control.name] = control.checked;
      continue;
    }
    const text = control.value.trim();
    if (text === "") continue;
    if (kind === "number" || kind === "integer") payload[control.name] = Number(text);
    else if (kind === "json" || kind === "more") {
      let value;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new Error(`Expected ${label} to be JSON, got ${text} (${error.message})`);
      }
      if (kind === "json") payload[control.name] = value;
      else if (typeof value === "object" && value !== null && !Array.isArray(value))
        Object.assign(payload, value);
      else throw new Error(`Expected ${label} to be a JSON object, got ${text}`);
    } else payload[control.name] = control.value;
  }
  return payload;
}

function setUpForm() {
  const form = document.getElementById("enqueue-form");
  const select = document.getElementById("job-type");
  const result = document.getElementById("enqueue-result");
  const fieldsets = [...form.querySelectorAll("fieldset[data-job-type]")];
  const chosen = () => fieldsets.find((fieldset) => fieldset.dataset.jobType === select.value);
  const showChosen = () => {
    for (const fieldset of fieldsets) {
      const on = fieldset === chosen();
      fieldset.hidden = !on;
      fieldset.disabled = !on;
    }
  };
  select.addEventListener("change", showChosen);
  showChosen();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    result.textContent = "Enqueueing…";
    try {
      const { messageId } = await act("/api/jobs", {
        type: select.value,
        payload: payloadOf(chosen()),
      });
      result.textContent = `Enqueued ${select.value} as ${messageId}.`;
    } catch (error) {
      result.textContent = `Not enqueued: ${error.message}`;
    }
  });
}

function setUpButtons() {
  document.body.addEventListener("click", async (event) => {
    const target = event.target;
    if (!(target instanceof HTMLButtonElement)) return;
    const { redrive, task } = target.dataset;
    try {
      if (target.id === "redrive-all" || redrive !== undefined) {
        const ids = redrive === undefined ? [] : [redrive];
        const { moved, failed } = await act("/api/dead-letters/redrive", { ids });
        announce(
          `Redrove ${moved} message(s) to the worker queue${failed > 0 ? `; ${failed} did not move` : ""}.`,
        );
      } else if (task !== undefined) {
        const { messageId } = await act(`/api/tasks/${encodeURIComponent(task)}/run`, {});
        announce(`Sent ${task} to the worker queue as ${messageId}.`);
      }
    } catch (error) {
      announce(`Refused: ${error.message}`);
    }
  });
}

setUpForm();
setUpButtons();
connect();
