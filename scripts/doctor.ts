/**
 * `npm run doctor [-- --root <dir>]`: runs the doctor command until the CLI dispatcher exposes it.
 */
import { doctorCommand } from "../src/cli/commands/doctor.js";

process.exitCode = await doctorCommand.run(process.argv.slice(2));
