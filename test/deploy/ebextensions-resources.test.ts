/**
 * The Resources of the repository's .ebextensions: only real CloudFormation types, properties
 * and values (an allow-list from the CloudFormation reference), references only to our own
 * resources, to those Beanstalk creates in a worker environment or to pseudo parameters, and the
 * queue-depth scaling wired the way docs/deploy.md describes. (The storage and monitoring
 * resources: ebextensions-storage.test.ts, ebextensions-monitoring.test.ts.)
 */
import { expect } from "chai";
import path from "node:path";
import { readEbextensions, type Ebextensions } from "../../src/eb/ebextensions.js";
import {
  GETATT_ATTRIBUTES,
  PSEUDO_PARAMETERS,
  RESOURCE_ATTRIBUTES,
  RESOURCE_TYPES,
  WORKER_ENVIRONMENT_RESOURCES,
} from "./support/cloudformation-schema.js";
import {
  disallowedValues,
  referencesIn,
  unknownProperties,
} from "./support/cloudformation-walk.js";
import { REPO_ROOT } from "./support/project-copy.js";

describe("the repository's .ebextensions Resources", () => {
  let config: Ebextensions;

  before(async () => {
    config = await readEbextensions(path.join(REPO_ROOT, ".ebextensions"));
  });

  it("use only the CloudFormation types in the allow-list", () => {
    const types = Object.entries(config.resources).map(
      ([name, resource]) => `${name}: ${String(resource.value.Type)}`,
    );
    for (const type of types) expect(RESOURCE_TYPES, type).to.have.property(type.split(": ")[1]!);
  });

  it("use only real properties of those types", () => {
    const unknown = Object.entries(config.resources).flatMap(([name, resource]) => {
      const shape = RESOURCE_TYPES[String(resource.value.Type)];
      const extraTopLevel = Object.keys(resource.value)
        .filter((key) => !(RESOURCE_ATTRIBUTES as readonly string[]).includes(key))
        .map((key) => `${name}.${key}`);
      return [
        ...extraTopLevel,
        ...(shape ? unknownProperties(resource.value.Properties, shape, name) : []),
      ];
    });
    expect(unknown).to.deep.equal([]);
  });

  it("use only values CloudFormation accepts for enumerated properties", () => {
    const bad = Object.entries(config.resources).flatMap(([name, resource]) => [
      ...disallowedValues(resource.value.Properties, name),
      ...disallowedValues({ DeletionPolicy: resource.value.DeletionPolicy ?? "Delete" }, name),
    ]);
    expect(bad).to.deep.equal([]);
  });

  it("depend only on their own resources", () => {
    const bad = Object.entries(config.resources).flatMap(([name, resource]) =>
      (Array.isArray(resource.value.DependsOn)
        ? resource.value.DependsOn
        : resource.value.DependsOn === undefined
          ? []
          : [resource.value.DependsOn]
      )
        .filter((target) => typeof target !== "string" || !(target in config.resources))
        .map((target) => `${name} → ${String(target)}`),
    );
    expect(bad).to.deep.equal([]);
  });

  it("do not reuse the name of a resource Beanstalk creates", () => {
    expect(
      Object.keys(config.resources).filter((name) => name in WORKER_ENVIRONMENT_RESOURCES),
    ).to.deep.equal([]);
  });

  it("refer only to their own resources or to those of a worker environment, with real attributes", () => {
    const typeOf = (name: string): string | undefined =>
      WORKER_ENVIRONMENT_RESOURCES[name] ??
      (config.resources[name]?.value.Type as string | undefined);
    const bad = Object.entries(config.resources).flatMap(([name, resource]) =>
      referencesIn(resource.value.Properties)
        .filter((reference) => {
          if (reference.target.startsWith("AWS::"))
            return !PSEUDO_PARAMETERS.includes(reference.target);
          const type = typeOf(reference.target);
          if (type === undefined) return true;
          return (
            reference.attribute !== undefined &&
            !(GETATT_ATTRIBUTES[type] ?? []).includes(reference.attribute)
          );
        })
        .map(
          (reference) =>
            `${name} → ${reference.target}${reference.attribute ? `.${reference.attribute}` : ""}`,
        ),
    );
    expect(bad).to.deep.equal([]);
  });

  it("scale out on messages waiting in the worker queue", () => {
    const alarm = config.resources.QueueBacklogAlarm?.value.Properties as Record<string, unknown>;
    expect(alarm.Namespace).to.equal("AWS/SQS");
    expect(alarm.MetricName).to.equal("ApproximateNumberOfMessagesVisible");
    expect(referencesIn(alarm.Dimensions)).to.deep.equal([
      { target: "AWSEBWorkerQueue", attribute: "QueueName" },
    ]);
    expect(String(alarm.ComparisonOperator)).to.match(/^GreaterThan/);
    const [action] = referencesIn(alarm.AlarmActions);
    const policy = config.resources[action!.target]?.value.Properties as Record<string, unknown>;
    expect(referencesIn(policy.AutoScalingGroupName)).to.deep.equal([
      { target: "AWSEBAutoScalingGroup" },
    ]);
    const steps = policy.StepAdjustments as { ScalingAdjustment: number }[];
    for (const step of steps) expect(step.ScalingAdjustment).to.be.above(0);
  });

  it("scale in only when nothing is waiting or in flight", () => {
    const alarm = config.resources.QueueIdleAlarm?.value.Properties as Record<string, unknown>;
    const metrics = alarm.Metrics as {
      Id: string;
      Expression?: string;
      ReturnData?: boolean;
      MetricStat?: { Metric: { MetricName: string } };
    }[];
    expect(
      metrics
        .filter((metric) => metric.MetricStat)
        .map((metric) => metric.MetricStat!.Metric.MetricName),
    ).to.deep.equal([
      "ApproximateNumberOfMessagesVisible",
      "ApproximateNumberOfMessagesNotVisible",
    ]);
    expect(
      metrics.filter((metric) => metric.ReturnData === true).map((metric) => metric.Expression),
    ).to.deep.equal(["visible + inflight"]);
    expect(referencesIn(metrics)).to.deep.equal([
      { target: "AWSEBWorkerQueue", attribute: "QueueName" },
      { target: "AWSEBWorkerQueue", attribute: "QueueName" },
    ]);
    expect(alarm.ComparisonOperator).to.equal("LessThanOrEqualToThreshold");
    expect(alarm.Threshold).to.equal(0);
    const [action] = referencesIn(alarm.AlarmActions);
    const policy = config.resources[action!.target]?.value.Properties as Record<string, unknown>;
    expect(referencesIn(policy.AutoScalingGroupName)).to.deep.equal([
      { target: "AWSEBAutoScalingGroup" },
    ]);
    expect(Number(policy.ScalingAdjustment)).to.be.below(0);
  });
});
