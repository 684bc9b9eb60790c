/**
 * The console in a real browser: headless Chromium (Debian's `chromium` package, driven by
 * playwright-core, which downloads no browser of its own) against a real local loop (the
 * embedded SQS, the app as a child process, the local sqsd). Every wait is Playwright's own
 * auto-waiting on the page (a locator's waitFor), bounded by a timeout: no sleeps.
 *
 * Screenshots are taken on every run; they are written for docs/console.md only when asked:
 *   CONSOLE_SCREENSHOTS=docs/images npm test -- test/console/browser.test.ts
 */
import { expect } from "chai";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { chromium, type Browser, type Page } from "playwright-core";
import { startLocalLoop, type LocalLoop } from "../../src/local/local-loop.js";
import { freePort } from "../support/free-port.js";
import { requireProgram } from "../support/system-programs.js";

/** How long one thing on the page may take to appear: a job's whole trip through the loop. */
const APPEARS_WITHIN_MS = 30_000;
const screenshotsDir = process.env.CONSOLE_SCREENSHOTS;

describe("the local console in a browser", function () {
  this.timeout(120_000);
  let loop: LocalLoop | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async function () {
    const executablePath = await requireProgram(this, "chromium");
    loop = await startLocalLoop({
      cwd: process.cwd(),
      sqsPort: 0,
      appPort: await freePort(),
      appCommand: [process.execPath, "--import", "tsx", "src/server.ts"],
      env: {
        PATH: process.env.PATH,
        LOG_LEVEL: "info",
        MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), "sqs-worker-console-outbox-")),
      },
      log: () => undefined,
      sqsdFlags: { ErrorVisibilityTimeout: "1" },
      writeState: false,
      console: true,
    });
    // Chromium's sandbox cannot start as root (CI runs in a root container): --no-sandbox there.
    // The page is our own, on loopback, so the sandbox protects nothing this test needs.
    const asRoot = process.getuid?.() === 0;
    browser = await chromium.launch({
      executablePath,
      args: asRoot ? ["--no-sandbox"] : [],
      timeout: APPEARS_WITHIN_MS,
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(APPEARS_WITHIN_MS);
  });
  after(async () => {
    await browser?.close();
    await loop?.stop();
  });

  /** A row of the table `tableId` that contains every one of `texts`, once it is on the page. */
  const row = async (tableId: string, ...texts: (string | RegExp)[]) => {
    let locator = page.locator(`#${tableId} tbody tr`);
    for (const text of texts) locator = locator.filter({ hasText: text });
    await locator.first().waitFor();
    return locator.first();
  };

  it("shows the queues, the parked messages with their reason, and the periodic tasks", async () => {
    const running = loop!;
    // One message as SQS leaves it after MaxRetries (no parking details), one the app parks.
    await running.queues.sqs.send(
      new SendMessageCommand({
        QueueUrl: running.queues.deadLetterQueueUrl,
        MessageBody: JSON.stringify({ type: "noop", payload: { from: "the dead-letter queue" } }),
      }),
    );
    await running.queues.sqs.send(
      new SendMessageCommand({
        QueueUrl: running.queues.queueUrl,
        MessageBody: JSON.stringify({ type: "send-email", payload: { to: "not an address" } }),
      }),
    );
    await page.goto(running.consoleUrl!);
    await page.getByText("Live.").waitFor();
    await row("queues-table", "worker queue");
    await row("parked-table", "noop", "max-retries");
    await row("parked-table", "send-email", "invalid-payload");
    await row("tasks-table", "daily-digest", "0 7 * * *");
    await row("recent-table", "send-email", "parked (invalid-payload)");
  });

  it("enqueues a job through the form, built from the job's schema, and shows it completed", async () => {
    await page.getByLabel("Job type").selectOption("send-email");
    await page.getByLabel("to", { exact: true }).fill("ada@example.com");
    await page.getByLabel("subject", { exact: true }).fill("Welcome");
    await page.getByLabel("text", { exact: true }).fill("Hello from the console");
    await page.getByRole("button", { name: "Enqueue" }).click();
    const result = page.locator("#enqueue-result", { hasText: /^Enqueued send-email as / });
    await result.waitFor();
    const messageId = ((await result.textContent()) ?? "").replace(
      /^Enqueued send-email as |\.$/g,
      "",
    );
    expect(messageId).to.match(/^[0-9a-f-]{36}$/);
    const done = await row("recent-table", messageId, "completed");
    expect(await done.locator("td").nth(1).textContent()).to.equal("send-email");
  });

  it("shows, word for word, the producer's refusal of a payload send-email's schema rejects", async () => {
    // The browser's own check lets "ada@localhost" through; send-email's schema wants a domain.
    await page.getByLabel("to", { exact: true }).fill("ada@localhost");
    await page.getByRole("button", { name: "Enqueue" }).click();
    await page
      .locator("#enqueue-result", {
        hasText: 'Not enqueued: Expected a payload matching the "send-email" schema, got to: ',
      })
      .waitFor();
  });

  it("says what is wrong with a JSON box that does not hold an object, before sending anything", async () => {
    await page.getByLabel("Job type").selectOption("noop");
    await page.getByLabel("More payload fields (a JSON object)").fill("[1, 2]");
    await page.getByRole("button", { name: "Enqueue" }).click();
    await page
      .locator("#enqueue-result", {
        hasText:
          "Not enqueued: Expected More payload fields (a JSON object) to be a JSON object, got [1, 2]",
      })
      .waitFor();
  });

  it("redrives a parked message with its button, and the job then runs", async () => {
    await page
      .getByRole("button", { name: /^Redrive [0-9a-f-]{36}$/ })
      .first()
      .waitFor();
    const parked = await row("parked-table", "noop", "max-retries");
    await parked.getByRole("button").click();
    await page
      .locator("#announcer", { hasText: "Redrove 1 message(s) to the worker queue." })
      .waitFor();
    await row("recent-table", "noop", "completed");
    await page
      .locator("#parked-table tbody tr", { hasText: "max-retries" })
      .waitFor({ state: "detached" });
  });

  it("runs a periodic task now with its button, and shows the run completed", async () => {
    await page.getByRole("button", { name: "Run daily-digest now" }).click();
    await page
      .locator("#announcer", { hasText: /^Sent daily-digest to the worker queue as / })
      .waitFor();
    await row("recent-table", "daily-digest", "completed");
    await row("tasks-table", "daily-digest", "(completed)");
  });

  it("is usable from the keyboard: run-now acts on Enter, and keeps the focus while the tables update", async () => {
    const announcer = page.locator("#announcer");
    const before = (await announcer.textContent()) ?? "";
    const button = page.getByRole("button", { name: "Run daily-digest now" });
    await button.focus();
    await page.keyboard.press("Enter");
    await announcer.filter({ hasText: /^Sent daily-digest/, hasNotText: before }).waitFor();
    // The run changes the task's "Last run", so its row is drawn anew: the focus must follow.
    await page
      .locator("#recent-table tbody tr", { hasText: "daily-digest" })
      .filter({ hasText: "completed" })
      .nth(1)
      .waitFor();
    const focused = await page.evaluate("document.activeElement?.getAttribute('aria-label')");
    expect(focused).to.equal("Run daily-digest now");
  });

  it("takes screenshots of the main views, into CONSOLE_SCREENSHOTS when it names a folder (docs/images)", async () => {
    // Always taken, so the views docs/console.md shows keep rendering; written to docs only when asked.
    const folder = screenshotsDir ?? mkdtempSync(join(tmpdir(), "sqs-worker-console-"));
    // A fresh page: no message left over from the tests above, a form filled in as an example.
    await page.goto(loop!.consoleUrl!);
    await page.getByText("Live.").waitFor();
    await row("recent-table", "daily-digest");
    await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: join(folder, "console.png") });
    await page.getByLabel("Job type").selectOption("send-email");
    await page.getByLabel("to", { exact: true }).fill("ada@example.com");
    await page.getByLabel("subject", { exact: true }).fill("Welcome");
    await page.getByLabel("text", { exact: true }).fill("Hello!");
    await page.screenshot({ path: join(folder, "console-overview.png"), fullPage: true });
    await page.locator("#parked").screenshot({ path: join(folder, "console-parked.png") });
    await page.locator("#enqueue").screenshot({ path: join(folder, "console-enqueue.png") });
    for (const name of ["console", "console-overview", "console-parked", "console-enqueue"]) {
      const png = readFileSync(join(folder, `${name}.png`));
      expect(png.subarray(1, 4).toString("latin1"), name).to.equal("PNG");
    }
  });
});
