/**
 * The console's one page: the structure is static HTML (semantic tables with captions and column
 * headers, labelled form fields, real buttons), the rows are filled in by console.js from the
 * server-sent state. The session's token is embedded here and nowhere else; nothing secret
 * (environment values, signing keys, message bodies) is ever put into the page.
 */
import type { FieldSpec, JobForm } from "./job-forms.js";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** A table whose body console.js fills; `columns` are the header cells. */
function table(id: string, caption: string, columns: readonly string[]): string {
  const headers = columns.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join("");
  return `<table id="${id}"><caption>${escapeHtml(caption)}</caption><thead><tr>${headers}</tr></thead><tbody><tr><td colspan="${columns.length}">Loading…</td></tr></tbody></table>`;
}

function field(type: string, spec: FieldSpec): string {
  const id = `field-${type}-${spec.name}`;
  const describedBy = spec.description ? ` aria-describedby="${id}-help"` : "";
  const required = spec.required ? " required" : "";
  const common = `id="${id}" name="${escapeHtml(spec.name)}" data-input="${spec.input}"${describedBy}${required}`;
  const label = `<label for="${id}">${escapeHtml(spec.name)}${spec.required ? "" : " (optional)"}</label>`;
  let control: string;
  switch (spec.input) {
    case "select": {
      const blank = spec.required ? "" : `<option value="">(none)</option>`;
      const options = spec.choices
        .map((choice) => `<option>${escapeHtml(choice)}</option>`)
        .join("");
      control = `<select ${common}>${blank}${options}</select>`;
      break;
    }
    case "checkbox":
      control = `<input type="checkbox" ${common.replace(required, "")}>`;
      break;
    case "json":
      control = `<textarea ${common} rows="3" placeholder="JSON"></textarea>`;
      break;
    case "integer":
      control = `<input type="number" step="1" ${common}>`;
      break;
    case "number":
      control = `<input type="number" step="any" ${common}>`;
      break;
    default:
      control = `<input type="${spec.input}" ${common}>`;
  }
  const help = spec.description
    ? `<small id="${id}-help">${escapeHtml(spec.description)}</small>`
    : "";
  return `<div class="field">${label}${control}${help}</div>`;
}

function payloadFieldset(form: JobForm, index: number): string {
  const type = escapeHtml(form.type);
  const fields = form.fields.map((spec) => field(form.type, spec)).join("");
  const extraId = `field-${type}-more`;
  const extra = form.openEnded
    ? `<div class="field"><label for="${extraId}">More payload fields (a JSON object)</label><textarea id="${extraId}" data-input="more" rows="3" placeholder="{}"></textarea></div>`
    : "";
  const empty = fields === "" && extra === "" ? "<p>This job takes an empty payload.</p>" : "";
  const hidden = index === 0 ? "" : " hidden disabled";
  return `<fieldset data-job-type="${type}"${hidden}><legend>Payload of ${type}</legend>${fields}${extra}${empty}</fieldset>`;
}

export function renderPage(token: string, forms: readonly JobForm[]): string {
  const options = forms
    .map((form) => `<option value="${escapeHtml(form.type)}">${escapeHtml(form.type)}</option>`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="console-token" content="${escapeHtml(token)}">
<title>sqs-worker console</title>
<link rel="stylesheet" href="/console.css">
<script type="module" src="/console.js"></script>
</head>
<body>
<header>
<h1>sqs-worker console</h1>
<p>The local worker tier of <code>npm run local</code>. <span id="connection" role="status">Connecting…</span></p>
<nav aria-label="Sections"><ul>
<li><a href="#queues">Queues</a></li><li><a href="#running">Running</a></li><li><a href="#recent">Recent jobs</a></li>
<li><a href="#parked">Parked</a></li><li><a href="#tasks">Periodic tasks</a></li><li><a href="#enqueue">Enqueue</a></li>
</ul></nav>
</header>
<main>
<p id="announcer" class="announcer" role="status" aria-live="polite"></p>
<section id="queues" aria-labelledby="queues-title">
<h2 id="queues-title">Queues</h2>
${table("queues-table", "Messages in the worker queue and the dead-letter queue (SQS's approximate counts)", ["Queue", "Visible", "In flight", "Delayed"])}
<p id="queues-problem" class="problem" hidden></p>
</section>
<section id="running" aria-labelledby="running-title">
<h2 id="running-title">Running now</h2>
${table("running-table", "Deliveries the daemon has received and not yet seen answered", ["Job type or task", "Message id", "Attempt", "Started"])}
</section>
<section id="recent" aria-labelledby="recent-title">
<h2 id="recent-title">Recent jobs</h2>
${table("recent-table", "The last few hundred deliveries, newest first", ["Finished", "Job type or task", "Message id", "Outcome", "Duration", "Attempt", "Error"])}
</section>
<section id="parked" aria-labelledby="parked-title">
<h2 id="parked-title">Parked messages</h2>
<p><button type="button" id="redrive-all">Redrive all</button> sends every parked message back to the worker queue.</p>
${table("parked-table", "Messages in the dead-letter queue, oldest first", ["Message id", "Job type", "Reason", "Receives", "Age", "Detail", "Action"])}
</section>
<section id="tasks" aria-labelledby="tasks-title">
<h2 id="tasks-title">Periodic tasks</h2>
${table("tasks-table", "The tasks of cron.yaml (schedules in UTC)", ["Task", "Schedule", "Next run", "Last run", "Action"])}
<p id="tasks-problem" class="problem" hidden></p>
</section>
<section id="enqueue" aria-labelledby="enqueue-title">
<h2 id="enqueue-title">Enqueue a job</h2>
<form id="enqueue-form" autocomplete="off">
<div class="field"><label for="job-type">Job type</label><select id="job-type" name="type">${options}</select></div>
${forms.map(payloadFieldset).join("\n")}
<button type="submit">Enqueue</button>
<p id="enqueue-result" role="status"></p>
</form>
</section>
</main>
</body>
</html>
`;
}
