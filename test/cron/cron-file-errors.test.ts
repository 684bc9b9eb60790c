import { expect } from "chai";
import { CronFileError, parseCronYaml } from "../../src/cron/cron-file.js";

/** A cron.yaml whose one task is `lines` (already indented as list items). */
function withTasks(...lines: string[]): string {
  return ["version: 1", "cron:", ...lines, ""].join("\n");
}

const VALID_TASK = ["  - name: nightly-report", "    url: /tasks/nightly-report"];
const NAME_RULE = "lowercase words joined by hyphens, such as nightly-report";
const URL_RULE =
  "a path starting with / (no spaces, query or fragment), such as /tasks/nightly-report";
const QUOTE_HINT =
  'valid YAML, with a schedule that starts with * or @ in quotes, such as "*/5 * * * *"';

/** One file per test, each with the exact problem it must report. */
const SYNTAX_ERRORS: readonly { title: string; yaml: string; problem: string }[] = [
  {
    title: "an unclosed quote",
    yaml: withTasks('  - name: "nightly-report'),
    problem: 'cron.yaml:4: Missing closing "quote; expected valid YAML',
  },
  {
    title: "a tab used for indentation",
    yaml: withTasks("\t- name: nightly-report"),
    problem: "cron.yaml:3: Tabs are not allowed as indentation; expected valid YAML",
  },
  {
    title: "a key given twice in one task",
    yaml: withTasks(...VALID_TASK, "    url: /tasks/other", '    schedule: "0 23 * * *"'),
    problem: "cron.yaml:5: Map keys must be unique; expected valid YAML",
  },
  {
    title: "a second YAML document",
    yaml: "version: 1\ncron: []\n---\nversion: 1\n",
    problem: "cron.yaml:3: a second YAML document starts here; expected one YAML document",
  },
  {
    title: "an unquoted schedule starting with *",
    yaml: withTasks(...VALID_TASK, "    schedule: */5 * * * *"),
    problem: `cron.yaml:5: Unexpected alias at node end; expected ${QUOTE_HINT}`,
  },
  {
    title: "an unquoted schedule starting with @",
    yaml: withTasks(...VALID_TASK, "    schedule: @daily"),
    problem: `cron.yaml:5: Plain value cannot start with reserved character @; expected ${QUOTE_HINT}`,
  },
  {
    title: "an empty file",
    yaml: "",
    problem: "cron.yaml:1: the file is empty; expected a mapping with version: 1 and a cron list",
  },
  {
    title: "a file with only comments",
    yaml: "# periodic tasks\n",
    problem: "cron.yaml:1: the file is empty; expected a mapping with version: 1 and a cron list",
  },
  {
    title: "a list at the top level",
    yaml: "- name: nightly-report\n",
    problem:
      "cron.yaml:1: the top level is a list; expected a mapping with version: 1 and a cron list",
  },
  {
    title: "a string at the top level",
    yaml: "hello\n",
    problem:
      'cron.yaml:1: the top level is "hello"; expected a mapping with version: 1 and a cron list',
  },
  {
    title: "an unsupported top-level key",
    yaml: "version: 1\ncron: []\ncrons: []\n",
    problem: 'cron.yaml:3: unsupported key "crons"; expected only version and cron',
  },
  {
    title: "a missing version",
    yaml: "cron: []\n",
    problem:
      "cron.yaml:1: version is missing; expected version: 1 (sqsd refuses a cron.yaml without it and runs no periodic task)",
  },
  {
    title: "version 2",
    yaml: "version: 2\ncron: []\n",
    problem: "cron.yaml:1: version is 2; expected 1, the only version sqsd supports",
  },
  {
    title: "version as a string",
    yaml: 'version: "1"\ncron: []\n',
    problem: 'cron.yaml:1: version is "1"; expected 1, the only version sqsd supports',
  },
  {
    title: "a missing cron list",
    yaml: "version: 1\n",
    problem: "cron.yaml:1: cron is missing; expected a list of tasks (write cron: [] for none)",
  },
  {
    title: "a cron key with no value",
    yaml: "version: 1\ncron:\n",
    problem: "cron.yaml:2: cron is empty; expected a list of tasks (write cron: [] for none)",
  },
  {
    title: "a cron mapping instead of a list",
    yaml: withTasks("  nightly-report: {}"),
    problem: "cron.yaml:3: cron is a mapping; expected a list of tasks (write cron: [] for none)",
  },
  {
    title: "a task that is a string",
    yaml: withTasks("  - nightly-report"),
    problem:
      'cron.yaml:3: task 1 is "nightly-report"; expected a mapping with keys name, url and schedule',
  },
  {
    title: "a task that is a list",
    yaml: withTasks("  - [nightly-report, /tasks/nightly-report]"),
    problem: "cron.yaml:3: task 1 is a list; expected a mapping with keys name, url and schedule",
  },
  {
    title: "a task that repeats another through a YAML alias",
    yaml: withTasks(
      "  - &report",
      "    name: a",
      "    url: /tasks/a",
      '    schedule: "0 23 * * *"',
      "  - *report",
    ),
    problem:
      "cron.yaml:7: task 2 is an alias (*report); expected a mapping with keys name, url and schedule",
  },
  {
    title: "an unsupported key in a task",
    yaml: withTasks(...VALID_TASK, '    schedule: "0 23 * * *"', "    description: nightly"),
    problem: 'cron.yaml:6: unsupported key "description"; expected only name, url and schedule',
  },
  {
    title: "a task missing its schedule",
    yaml: withTasks(...VALID_TASK),
    problem:
      'cron.yaml:3: task "nightly-report" is missing schedule; expected all of name, url and schedule',
  },
  {
    title: "a task missing every key",
    yaml: withTasks("  - {}"),
    problem:
      "cron.yaml:3: task 1 is missing name, url and schedule; expected all of name, url and schedule",
  },
  {
    title: "an empty name",
    yaml: withTasks('  - name: ""', "    url: /tasks/x", '    schedule: "0 23 * * *"'),
    problem: `cron.yaml:3: name is ""; expected ${NAME_RULE}`,
  },
  {
    title: "a name with no value",
    yaml: withTasks("  - name:", "    url: /tasks/x", '    schedule: "0 23 * * *"'),
    problem: `cron.yaml:3: name is empty; expected ${NAME_RULE}`,
  },
  {
    title: "a name with capitals and an underscore",
    yaml: withTasks("  - name: Nightly_Report", "    url: /tasks/x", '    schedule: "0 23 * * *"'),
    problem: `cron.yaml:3: name is "Nightly_Report"; expected ${NAME_RULE}`,
  },
  {
    title: "a name that is a number",
    yaml: withTasks("  - name: 42", "    url: /tasks/x", '    schedule: "0 23 * * *"'),
    problem: `cron.yaml:3: name is 42; expected ${NAME_RULE}`,
  },
  {
    title: "a url without a leading slash",
    yaml: withTasks("  - name: a", "    url: tasks/a", '    schedule: "0 23 * * *"'),
    problem: `cron.yaml:4: url is "tasks/a"; expected ${URL_RULE}`,
  },
  {
    title: "a full URL instead of a path",
    yaml: withTasks(
      "  - name: a",
      "    url: http://localhost/tasks/a",
      '    schedule: "0 23 * * *"',
    ),
    problem: `cron.yaml:4: url is "http://localhost/tasks/a"; expected ${URL_RULE}`,
  },
  {
    title: "a url with a query string",
    yaml: withTasks("  - name: a", "    url: /tasks/a?x=1", '    schedule: "0 23 * * *"'),
    problem: `cron.yaml:4: url is "/tasks/a?x=1"; expected ${URL_RULE}`,
  },
  {
    title: "a url that is a list",
    yaml: withTasks("  - name: a", "    url: [/tasks/a]", '    schedule: "0 23 * * *"'),
    problem: `cron.yaml:4: url is a list; expected ${URL_RULE}`,
  },
  {
    title: "a schedule that is a number",
    yaml: withTasks(...VALID_TASK, "    schedule: 5"),
    problem:
      'cron.yaml:5: schedule is 5; expected a cron expression in quotes, such as "0 23 * * *"',
  },
  {
    title: "a schedule with six fields",
    yaml: withTasks(...VALID_TASK, '    schedule: "*/30 * * * * *"'),
    problem:
      'cron.yaml:5: schedule "*/30 * * * * *": expression has 6 fields; expected 5 fields (minute hour day-of-month month day-of-week). sqsd ignores a sixth field, so seconds are not supported',
  },
  {
    title: "a schedule with an out-of-range minute",
    yaml: withTasks(...VALID_TASK, '    schedule: "61 * * * *"'),
    problem: 'cron.yaml:5: schedule "61 * * * *": minute 61 is out of range; expected 0-59',
  },
  {
    title: "a schedule that never fires",
    yaml: withTasks(...VALID_TASK, '    schedule: "0 0 30 2 *"'),
    problem:
      'cron.yaml:5: schedule "0 0 30 2 *": expression never matches: none of its months has any of its days-of-month; expected a day-of-month that exists in one of the months (February has at most 29 days)',
  },
  {
    title: "@reboot",
    yaml: withTasks(...VALID_TASK, '    schedule: "@reboot"'),
    problem:
      'cron.yaml:5: schedule "@reboot": @reboot is not supported (sqsd has no notion of start-up); expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly',
  },
  {
    title: "a duplicate name, naming both lines",
    yaml: withTasks(
      ...VALID_TASK,
      '    schedule: "0 23 * * *"',
      ...VALID_TASK,
      '    schedule: "0 11 * * *"',
    ),
    problem:
      'cron.yaml:6: name "nightly-report" is already used on line 3; expected a name no other task uses',
  },
];

function errorOf(yaml: string, fileName?: string): CronFileError {
  try {
    parseCronYaml(yaml, fileName);
  } catch (error) {
    if (error instanceof CronFileError) return error;
    throw error;
  }
  return expect.fail("expected parseCronYaml to throw a CronFileError");
}

describe("parseCronYaml", () => {
  describe("gives the exact error for a syntax error", () => {
    for (const { title, yaml, problem } of SYNTAX_ERRORS) {
      it(`reports ${title}`, () => {
        const error = errorOf(yaml);
        expect(error.problems).to.deep.equal([problem]);
        expect(error.message).to.equal(`cron.yaml has 1 problem:\n  ${problem}`);
      });
    }
  });

  it("reports every problem in the file at once, in line order", () => {
    const yaml = [
      "cron:",
      "  - name: Bad_Name",
      "    url: tasks/x",
      '    shedule: "0 23 * * *"',
      "  - name: ok",
      "    url: /tasks/ok",
      '    schedule: "0 24 * * *"',
      "extra: true",
      "",
    ].join("\n");
    expect(errorOf(yaml).message).to.equal(
      [
        "cron.yaml has 7 problems:",
        "  cron.yaml:1: version is missing; expected version: 1 (sqsd refuses a cron.yaml without it and runs no periodic task)",
        '  cron.yaml:2: task "Bad_Name" is missing schedule; expected all of name, url and schedule',
        `  cron.yaml:2: name is "Bad_Name"; expected ${NAME_RULE}`,
        `  cron.yaml:3: url is "tasks/x"; expected ${URL_RULE}`,
        '  cron.yaml:4: unsupported key "shedule"; expected only name, url and schedule',
        '  cron.yaml:7: schedule "0 24 * * *": hour 24 is out of range; expected 0-23',
        '  cron.yaml:8: unsupported key "extra"; expected only version and cron',
      ].join("\n"),
    );
  });

  it("names the file it was given in every problem", () => {
    expect(errorOf("cron: []\n", "deploy/cron.yaml").problems).to.deep.equal([
      "deploy/cron.yaml:1: version is missing; expected version: 1 (sqsd refuses a cron.yaml without it and runs no periodic task)",
    ]);
  });
});
