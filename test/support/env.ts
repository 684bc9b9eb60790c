// Loaded by mocha before every test file (.mocharc.json "require").
// Tests build their Config with loadConfig({...}) explicitly; nothing reads the real environment.
process.env.LOG_LEVEL ??= "silent";
