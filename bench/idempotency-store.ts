/**
 * `npx tsx bench/idempotency-store.ts [--jobs 400] [--rounds 3] [--profile-dir DIR]`: scenario 8 of `npm run bench`
 * alone (the app with the DynamoDB idempotency store against the memory store). Prints its
 * markdown section (for docs/performance.md).
 */
import { parseArgs } from "node:util";
import { buildForBench } from "./lib/build.js";
import { idempotencyStoreSection } from "./report/idempotency-markdown.js";
import { runIdempotencyStoreRounds } from "./scenarios/idempotency-store.js";
import { FULL } from "./settings.js";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      jobs: { type: "string", default: String(FULL.idempotencyJobs) },
      rounds: { type: "string", default: String(FULL.idempotencyRounds) },
      "profile-dir": { type: "string" },
    },
  });
  buildForBench();
  const result = await runIdempotencyStoreRounds(
    Number(values.rounds),
    Number(values.jobs),
    (line) => {
      console.error(`[idempotency-store] ${line}`);
    },
    values["profile-dir"],
  );
  console.log(idempotencyStoreSection(result).join("\n"));
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => process.exit(1));
}
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
