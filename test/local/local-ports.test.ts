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

  it("rejects a port outside 1-65535, naming the flag", () => {
    expect(() => resolveLocalPorts({}, { PORT: "0" })).to.throw(
      'Expected --app-port to be a port from 1 to 65535, got "0"',
    );
    expect(() => resolveLocalPorts({ "sqs-port": "http" }, {})).to.throw(
      'Expected --sqs-port to be a port from 1 to 65535, got "http"',
    );
  });
});
