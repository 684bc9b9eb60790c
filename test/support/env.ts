// Loaded by mocha before every test file (.mocharc.cjs "require").
// Tests build their Config with loadConfig({...}) explicitly; nothing reads the real environment.
import { silenceSdkNodeVersionWarning } from "../../src/sdk-node-warning.js";

process.env.LOG_LEVEL ??= "silent";
// The suite is one of the project's own processes (Node.js 20 here, 22 on Beanstalk): the SDK's
// Node.js version warning would only push the first results off the screen.
silenceSdkNodeVersionWarning(process.env);
