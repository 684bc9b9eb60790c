/**
 * The system programs some tests run, and how a test requires one: when the program is absent
 * the test (or the suite, from a `before` hook) is skipped and the program is noted for the
 * notice printed at the end of the run (program-notice.ts); under `CI=true` the test is
 * mandatory and fails instead, naming the program (.ci/run installs them all).
 */
import { findProgram, USUAL_DIRECTORIES, type SearchPlaces } from "./find-program.js";

export interface SystemProgram {
  /** Executable names to look for, the usual one first. */
  names: readonly string[];
  /** How to install it on Debian or Ubuntu. */
  debian: string;
  /** How to install it on macOS. */
  macos: string;
}

export const SYSTEM_PROGRAMS = {
  /** `nginx -t` and the deploy simulation run .platform/nginx through real nginx. */
  nginx: { names: ["nginx"], debian: "sudo apt-get install nginx", macos: "brew install nginx" },
  /** Info-ZIP's unzip checks the bundle's zip independently of our own zip writer. */
  unzip: {
    names: ["unzip"],
    debian: "sudo apt-get install unzip",
    macos: "preinstalled as /usr/bin/unzip",
  },
  /** docs/signing.md's Python example signs a message from outside Node (signing-examples.test.ts). */
  python3: {
    names: ["python3"],
    debian: "sudo apt-get install python3",
    macos: "xcode-select --install (or brew install python)",
  },
  /** docs/signing.md's shell example computes the HMAC with openssl (signing-examples.test.ts). */
  openssl: {
    names: ["openssl"],
    debian: "sudo apt-get install openssl",
    macos: "preinstalled as /usr/bin/openssl",
  },
  /** test/console/browser.test.ts drives the local console in headless Chromium (playwright-core). */
  chromium: {
    names: ["chromium", "chromium-browser"],
    debian: "sudo apt-get install chromium (Ubuntu: sudo snap install chromium)",
    macos: "brew install --cask chromium",
  },
} as const satisfies Record<string, SystemProgram>;

export type ProgramName = keyof typeof SYSTEM_PROGRAMS;

/** The programs that tests skipped for, in the order first met. */
export class MissingPrograms {
  private readonly names = new Set<ProgramName>();

  add(name: ProgramName): void {
    this.names.add(name);
  }

  list(): ProgramName[] {
    return [...this.names];
  }
}

/** The run's record, read by the notice at the end (program-notice.ts). */
export const missingPrograms = new MissingPrograms();

/** What `this` is in a mocha test or hook, as far as requiring a program goes. */
export interface Skippable {
  skip(): never;
}

export interface RequireOptions {
  /** @default process.env.CI === "true" */
  ci?: boolean;
  /** @default the process's PATH, then USUAL_DIRECTORIES */
  places?: SearchPlaces;
  /** @default missingPrograms */
  missing?: MissingPrograms;
}

/**
 * The program's absolute path. When it is not installed: under CI an error naming it and its
 * install commands; otherwise the test (or the suite, from a `before` hook) is skipped and the
 * program noted for the end-of-run notice.
 */
export async function requireProgram(
  test: Skippable,
  name: ProgramName,
  options: RequireOptions = {},
): Promise<string> {
  const places = options.places ?? { path: process.env.PATH };
  const found = await findProgram(SYSTEM_PROGRAMS[name].names, places);
  if (found !== undefined) return found;
  if (options.ci ?? process.env.CI === "true") {
    throw new Error(
      `Expected ${name} to be installed (CI=true makes the tests that need it mandatory), ` +
        `found it neither on PATH nor in ${(places.directories ?? USUAL_DIRECTORIES).join(", ")}. ` +
        installAdvice(name),
    );
  }
  (options.missing ?? missingPrograms).add(name);
  return test.skip();
}

/** One line per missing program, for the end of the run. */
export function missingProgramsNotice(names: readonly ProgramName[]): string[] {
  return names.map(
    (name) => `Skipped the tests that need ${name}: it is not installed. ${installAdvice(name)}`,
  );
}

function installAdvice(name: ProgramName): string {
  const { debian, macos } = SYSTEM_PROGRAMS[name];
  return `Install it: Debian/Ubuntu: ${debian}; macOS: ${macos}.`;
}
