// @ts-check
/**
 * Mocha's configuration (for `npm test`, `npx mocha`, and c8 around it). Mocha adds a config's
 * `spec` to the files named on the command line, so a fixed spec here would make
 * `npm test -- test/x.test.ts` run the whole suite: the default spec, every test file, applies
 * only when the command line names no test file.
 */
const { existsSync } = require("node:fs");

/** Mocha's options that take a value: the word after one of them is not a test file. */
const VALUE_OPTIONS = new Set(
  ["config", "package", "require", "reporter", "reporter-option", "reporter-options", "grep"]
    .concat(["fgrep", "timeout", "slow", "ui", "file", "ignore", "exclude", "extension"])
    .concat(["node-option", "jobs", "retries", "watch-files", "watch-ignore"])
    .map((name) => `--${name}`)
    .concat(["-r", "-R", "-O", "-g", "-f", "-t", "-s", "-u", "-n", "-j"]),
);

/** True when `args` name a test file, a folder or a glob, or pass --spec. */
function namesTestFiles(/** @type {string[]} */ args) {
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? "";
    if (arg === "--spec" || arg.startsWith("--spec=")) return true;
    if (arg.startsWith("-")) {
      if (VALUE_OPTIONS.has(arg)) index += 1;
      continue;
    }
    if (existsSync(arg) || /[*?{]/.test(arg)) return true;
  }
  return false;
}

module.exports = {
  "node-option": ["import=tsx"],
  ...(namesTestFiles(process.argv.slice(2)) ? {} : { spec: ["test/**/*.test.ts"] }),
  require: ["test/support/env.ts", "test/support/program-notice.ts"],
  extension: ["ts"],
  "check-leaks": true,
  timeout: 10000,
  exit: false,
  reporter: "spec",
};
