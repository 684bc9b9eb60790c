/**
 * The repository's monitoring files (issue 13): log streaming with a retention, every alarm
 * emailed through the SNS topic whose address is a custom option, and a dashboard whose body is
 * valid JSON once CloudFormation has filled in the region and the queue names. (Types,
 * properties and references: ebextensions-resources.test.ts; thresholds against the sqsd
 * options and the registries: the doctor, doctor-alarms.test.ts.)
 */
import { expect } from "chai";
import path from "node:path";
import { referencesIn } from "../../src/eb/cloudformation.js";
import { readEbextensions, type Ebextensions } from "../../src/eb/ebextensions.js";
import { METRICS_NAMESPACE } from "../../src/metrics/names.js";
import { REPO_ROOT } from "./support/project-copy.js";

/** What CloudFormation puts in place of each reference, for the test. */
const RESOLVED: Record<string, string> = {
  "AWS::Region": "eu-west-1",
  "AWSEBWorkerQueue.QueueName": "awseb-e-abc-stack-AWSEBWorkerQueue-X",
  "AWSEBWorkerDeadLetterQueue.QueueName": "awseb-e-abc-stack-AWSEBWorkerDeadLetterQueue-Y",
};

/** Evaluates Fn::Join, Ref and Fn::GetAtt as CloudFormation would, with RESOLVED's values. */
function resolve(value: unknown): string {
  if (typeof value === "string") return value;
  const [reference] = referencesIn(value);
  const join = (value as Record<string, unknown>)["Fn::Join"];
  if (Array.isArray(join)) {
    const [separator, parts] = join as [string, unknown[]];
    return parts.map(resolve).join(separator);
  }
  const key = reference?.attribute
    ? `${reference.target}.${reference.attribute}`
    : reference?.target;
  const resolved = key === undefined ? undefined : RESOLVED[key];
  if (resolved === undefined)
    throw new Error(`Expected a resolvable value, got ${JSON.stringify(value)}`);
  return resolved;
}

interface Widget {
  properties: { title: string; region: string; metrics: unknown[][] };
}

describe("the repository's monitoring files", () => {
  let config: Ebextensions;
  const properties = (name: string) =>
    config.resources[name]?.value.Properties as Record<string, unknown>;

  before(async () => {
    config = await readEbextensions(path.join(REPO_ROOT, ".ebextensions"));
  });

  it("stream the instances' logs to CloudWatch Logs and keep them for a set time", () => {
    const logs = config.options["aws:elasticbeanstalk:cloudwatch:logs"];
    expect(logs?.StreamLogs?.value).to.equal(true);
    expect(logs?.RetentionInDays?.value).to.be.a("number");
  });

  it("email the alarms to the address in the AlarmEmail custom option", () => {
    const [subscription] = properties("AlarmTopic").Subscription as Record<string, unknown>[];
    expect(subscription?.Protocol).to.equal("email");
    expect(subscription?.Endpoint).to.deep.include({
      "Fn::GetOptionSetting": { OptionName: "AlarmEmail", DefaultValue: "alarms@example.com" },
    });
    expect(config.options["aws:elasticbeanstalk:customoption"]?.AlarmEmail).to.not.equal(undefined);
  });

  it("send every alarm outside the scaling ones to the topic, on alarm and on recovery", () => {
    const alarms = Object.entries(config.resources).filter(
      ([name, resource]) =>
        resource.value.Type === "AWS::CloudWatch::Alarm" && !name.startsWith("Queue"),
    );
    expect(alarms.length).to.be.at.least(5);
    for (const [name, resource] of alarms) {
      const alarm = resource.value.Properties as Record<string, unknown>;
      expect(referencesIn(alarm.AlarmActions), name).to.deep.equal([{ target: "AlarmTopic" }]);
      expect(referencesIn(alarm.OKActions), name).to.deep.equal([{ target: "AlarmTopic" }]);
    }
  });

  it("build a dashboard body that is JSON with the queues' and the jobs' graphs", () => {
    const body = JSON.parse(resolve(properties("WorkerDashboard").DashboardBody)) as {
      widgets: Widget[];
    };
    const text = JSON.stringify(body);
    expect(body.widgets.map((widget) => widget.properties.region)).to.satisfy((regions: string[]) =>
      regions.every((region) => region === "eu-west-1"),
    );
    expect(text).to.include(RESOLVED["AWSEBWorkerQueue.QueueName"]);
    expect(text).to.include(RESOLVED["AWSEBWorkerDeadLetterQueue.QueueName"]);
    // The namespace has a hyphen, so the search schema quotes it (search-expression-syntax).
    expect(text).to.include(`SEARCH('{\\"${METRICS_NAMESPACE}\\",`);
    for (const metric of ["JobsFailed", "JobsCompleted", "JobDuration", "TaskRuns"])
      expect(text).to.include(`MetricName=\\"${metric}\\"`);
  });
});
