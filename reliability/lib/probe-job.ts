/** The test-only job type the suite's worker app adds (reliability/processes/worker-app.ts). */
export const PROBE_JOB_TYPE = "reliability-probe";
