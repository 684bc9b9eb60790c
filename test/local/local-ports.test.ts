import { expect } from "chai";
import { loadConfig } from "../../src/config.js";
import { resolveLocalPorts } from "../../src/local/ports.js";

describe("npm run local's ports", () => {
  it("looks for the app on the port the app itself defaults to", () => {
    expect(resolveLocalPorts({}, {}).appPort).to.equal(loadConfig({}).port);
  });

  it("takes the flag over the variable, and the variable over the default", () => {
    expect(resolveLocalPorts({ "app-port": "9000" }, { PORT: "9100" }).appPort).to.equal(9000);
    expect(resolveLocalPorts({}, { PORT: "9100" }).appPort).to.equal(9100);
    expect(resolveLocalPorts({ "sqs-port": "4600" }, { LOCAL_SQS_PORT: "4700" }).sqsPort).to.equal(
      4600,
    );
    expect(resolveLocalPorts({}, { LOCAL_SQS_PORT: "4700" }).sqsPort).to.equal(4700);
    expect(resolveLocalPorts({}, {}).sqsPort).to.equal(4566);
  });

  it("names the flag when a flag is bad", () => {
    expect(() => resolveLocalPorts({ "sqs-port": "http" }, {})).to.throw(
      'Expected --sqs-port to be a port from 1 to 65535, got "http"',
    );
    expect(() => resolveLocalPorts({ "app-port": "0" }, {})).to.throw(
      'Expected --app-port to be a port from 1 to 65535, got "0"',
    );
  });

  it("names the environment variable, as such, when a variable is bad (PORT by config's own rule)", () => {
    expect(() => resolveLocalPorts({}, { PORT: "abc" })).to.throw(
      'PORT: expected a whole number from 0 to 65535, got "abc"',
    );
    expect(() => resolveLocalPorts({}, { PORT: "0" })).to.throw(
      'Expected the environment variable PORT to be a port from 1 to 65535 for npm run local (the daemon must know where the app listens), got "0"',
    );
    expect(() => resolveLocalPorts({}, { LOCAL_SQS_PORT: "x" })).to.throw(
      'Expected the environment variable LOCAL_SQS_PORT to be a port from 1 to 65535, got "x"',
    );
  });
});
