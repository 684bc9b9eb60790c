/**
 * The repository's own .ebextensions: every file parses, every option is within AWS's documented
 * range, and Resources use only real CloudFormation types and properties and resource names
 * that exist in a worker environment.
 */
import assert from "node:assert/strict";
import path from "node:path";
import {
  readEbextensions,
  sqsdSettings,
  where,
  type Ebextensions,
} from "../../src/eb/ebextensions.js";
import {
  SQSD_OPTIONS,
  sqsdInputFromSettings,
  validateSqsdOptions,
} from "../../src/eb/sqsd-options.js";
import {
  ALLOWED_VALUES,
  GETATT_ATTRIBUTES,
  RESOURCE_TYPES,
  WORKER_ENVIRONMENT_RESOURCES,
  type PropertyShape,
} from "./support/cloudformation-schema.js";
import { REPO_ROOT } from "./support/project-copy.js";

/** Ranges and values from the options reference (command-options-general) for the other namespaces we set. */
const OTHER_OPTIONS: Record<
  string,
  Record<string, { min: number; max: number } | readonly string[]>
> = {
  "aws:elasticbeanstalk:environment": { EnvironmentType: ["LoadBalanced", "SingleInstance"] },
  "aws:autoscaling:asg": {
    MinSize: { min: 1, max: 10000 },
    MaxSize: { min: 1, max: 10000 },
    Cooldown: { min: 0, max: 10000 },
  },
  "aws:autoscaling:trigger": {
    MeasureName: [
      "CPUUtilization",
      "NetworkIn",
      "NetworkOut",
      "DiskWriteOps",
      "DiskReadBytes",
      "DiskReadOps",
      "DiskWriteBytes",
      "Latency",
      "RequestCount",
      "HealthyHostCount",
      "UnhealthyHostCount",
      "TargetResponseTime",
    ],
    Statistic: ["Minimum", "Maximum", "Sum", "Average"],
    Unit: [
      "Seconds",
      "Percent",
      "Bytes",
      "Bits",
      "Count",
      "Bytes/Second",
      "Bits/Second",
      "Count/Second",
      "None",
    ],
    Period: { min: 1, max: 600 },
    BreachDuration: { min: 1, max: 600 },
    UpperThreshold: { min: 0, max: 20000000 },
    LowerThreshold: { min: 0, max: 20000000 },
    UpperBreachScaleIncrement: { min: -10000, max: 10000 },
    LowerBreachScaleIncrement: { min: -10000, max: 10000 },
  },
};

type OptionRule = { min: number; max: number } | readonly string[];

function isValueList(rule: OptionRule): rule is readonly string[] {
  return Array.isArray(rule);
}

/** True when the value is outside the range or the list of values. */
function breaks(rule: OptionRule, value: string): boolean {
  if (isValueList(rule)) return !rule.includes(value);
  const number = Number(value);
  return !(Number.isInteger(number) && number >= rule.min && number <= rule.max);
}

interface Reference {
  target: string;
  attribute?: string;
}

/** Every Ref and Fn::GetAtt inside a value. */
function referencesIn(value: unknown): Reference[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value !== "object" || value === null) return [];
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === "string") return [{ target: record.Ref }];
  const getAtt = record["Fn::GetAtt"];
  if (Array.isArray(getAtt) && typeof getAtt[0] === "string" && typeof getAtt[1] === "string") {
    return [{ target: getAtt[0], attribute: getAtt[1] }];
  }
  return Object.values(record).flatMap(referencesIn);
}

/** Property names not in the shape, as `Resource.Path.Key`. */
function unknownProperties(value: unknown, shape: PropertyShape, at: string): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => unknownProperties(item, shape, `${at}[${index}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
    if (!shape.keys.includes(key)) return [`${at}.${key}`];
    const nested = shape.nested?.[key];
    return nested ? unknownProperties(child, nested, `${at}.${key}`) : [];
  });
}

/** Enumerated values outside what CloudFormation accepts, at any depth. */
function disallowedValues(value: unknown, at: string): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => disallowedValues(item, `${at}[${index}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
    const allowed = ALLOWED_VALUES[key];
    if (allowed && !allowed.includes(String(child))) return [`${at}.${key} = ${String(child)}`];
    return disallowedValues(child, `${at}.${key}`);
  });
}

describe("the repository's .ebextensions", () => {
  let config: Ebextensions;

  before(async () => {
    config = await readEbextensions(path.join(REPO_ROOT, ".ebextensions"));
  });

  it("parses every .config file", () => {
    assert.deepEqual(
      config.files.map((file) => path.basename(file)),
      [
        "01-worker-daemon.config",
        "02-environment.config",
        "03-autoscaling.config",
        "10-queue-depth-scaling.config",
      ],
    );
  });

  describe("aws:elasticbeanstalk:sqsd", () => {
    it("sets every option explicitly except WorkerQueueURL, which keeps the autogenerated queue", () => {
      const unset = SQSD_OPTIONS.map((spec) => spec.name).filter(
        (name) => config.sqsd[name] === undefined,
      );
      assert.deepEqual(unset, ["WorkerQueueURL"]);
    });

    it("keeps every option within AWS's documented range", () => {
      assert.deepEqual(validateSqsdOptions(sqsdInputFromSettings(sqsdSettings(config))), []);
    });

    it("raises ErrorVisibilityTimeout above AWS's 2 s default, so retries back off", () => {
      assert.ok(Number(config.sqsd.ErrorVisibilityTimeout?.value) >= 10);
    });
  });

  describe("other option settings", () => {
    it("uses only the namespaces and options it means to", () => {
      const used = Object.entries(config.options).flatMap(([namespace, options]) =>
        Object.keys(options).map((option) => `${namespace} ${option}`),
      );
      const known = Object.entries(OTHER_OPTIONS).flatMap(([namespace, options]) =>
        Object.keys(options).map((option) => `${namespace} ${option}`),
      );
      assert.deepEqual(
        used.filter((option) => !known.includes(option)),
        [],
      );
    });

    it("keeps every option within its documented range or values", () => {
      const problems: string[] = [];
      for (const [namespace, options] of Object.entries(config.options)) {
        for (const [option, located] of Object.entries(options)) {
          const rule = OTHER_OPTIONS[namespace]?.[option];
          const value = String(located.value);
          if (rule === undefined || breaks(rule, value)) {
            problems.push(`${where(located)}: ${namespace} ${option} = ${value}`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });

    it("bounds the Auto Scaling group with MinSize at most MaxSize", () => {
      const asg = config.options["aws:autoscaling:asg"];
      assert.ok(Number(asg?.MinSize?.value) <= Number(asg?.MaxSize?.value));
    });
  });

  describe("environment properties", () => {
    it("are all strings or scalars, with CloudFormation functions in the backtick form", () => {
      for (const [name, located] of Object.entries(config.environment)) {
        assert.ok(
          ["string", "number", "boolean"].includes(typeof located.value),
          `${name} at ${where(located)}`,
        );
      }
    });

    it("take the queue URLs from the worker environment's own queues", () => {
      assert.equal(config.environment.WORKER_QUEUE_URL?.value, '`{"Ref" : "AWSEBWorkerQueue"}`');
      assert.equal(
        config.environment.WORKER_DEAD_LETTER_QUEUE_URL?.value,
        '`{"Ref" : "AWSEBWorkerDeadLetterQueue"}`',
      );
    });

    it("refer only to resources a worker environment has", () => {
      for (const [name, located] of Object.entries(config.environment)) {
        const text = String(located.value).trim();
        if (!/^`.*`$/s.test(text)) continue;
        const function_: unknown = JSON.parse(text.slice(1, -1));
        for (const reference of referencesIn(function_)) {
          assert.ok(
            reference.target in WORKER_ENVIRONMENT_RESOURCES,
            `${name} refers to ${reference.target}`,
          );
        }
      }
    });
  });

  describe("Resources", () => {
    it("use only the CloudFormation types in the allow-list", () => {
      const types = Object.entries(config.resources).map(
        ([name, resource]) => `${name}: ${String(resource.value.Type)}`,
      );
      for (const type of types) assert.ok(type.split(": ")[1]! in RESOURCE_TYPES, type);
    });

    it("use only real properties of those types", () => {
      const unknown = Object.entries(config.resources).flatMap(([name, resource]) => {
        const shape = RESOURCE_TYPES[String(resource.value.Type)];
        const extraTopLevel = Object.keys(resource.value).filter(
          (key) => !["Type", "Properties"].includes(key),
        );
        return [
          ...extraTopLevel,
          ...(shape ? unknownProperties(resource.value.Properties, shape, name) : []),
        ];
      });
      assert.deepEqual(unknown, []);
    });

    it("use only values CloudFormation accepts for enumerated properties", () => {
      const bad = Object.entries(config.resources).flatMap(([name, resource]) =>
        disallowedValues(resource.value.Properties, name),
      );
      assert.deepEqual(bad, []);
    });

    it("do not reuse the name of a resource Beanstalk creates", () => {
      assert.deepEqual(
        Object.keys(config.resources).filter((name) => name in WORKER_ENVIRONMENT_RESOURCES),
        [],
      );
    });

    it("refer only to their own resources or to those of a worker environment, with real attributes", () => {
      const typeOf = (name: string): string | undefined =>
        WORKER_ENVIRONMENT_RESOURCES[name] ??
        (config.resources[name]?.value.Type as string | undefined);
      const bad = Object.entries(config.resources).flatMap(([name, resource]) =>
        referencesIn(resource.value.Properties)
          .filter((reference) => {
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
      assert.deepEqual(bad, []);
    });

    it("scale out on messages waiting in the worker queue", () => {
      const alarm = config.resources.QueueBacklogAlarm?.value.Properties as Record<string, unknown>;
      assert.equal(alarm.Namespace, "AWS/SQS");
      assert.equal(alarm.MetricName, "ApproximateNumberOfMessagesVisible");
      assert.deepEqual(referencesIn(alarm.Dimensions), [
        { target: "AWSEBWorkerQueue", attribute: "QueueName" },
      ]);
      assert.match(String(alarm.ComparisonOperator), /^GreaterThan/);
      const [action] = referencesIn(alarm.AlarmActions);
      const policy = config.resources[action!.target]?.value.Properties as Record<string, unknown>;
      assert.deepEqual(referencesIn(policy.AutoScalingGroupName), [
        { target: "AWSEBAutoScalingGroup" },
      ]);
      const steps = policy.StepAdjustments as { ScalingAdjustment: number }[];
      assert.ok(steps.every((step) => step.ScalingAdjustment > 0));
    });

    it("scale in only when nothing is waiting or in flight", () => {
      const alarm = config.resources.QueueIdleAlarm?.value.Properties as Record<string, unknown>;
      const metrics = alarm.Metrics as {
        Id: string;
        Expression?: string;
        ReturnData?: boolean;
        MetricStat?: { Metric: { MetricName: string } };
      }[];
      assert.deepEqual(
        metrics
          .filter((metric) => metric.MetricStat)
          .map((metric) => metric.MetricStat!.Metric.MetricName),
        ["ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesNotVisible"],
      );
      assert.deepEqual(
        metrics.filter((metric) => metric.ReturnData === true).map((metric) => metric.Expression),
        ["visible + inflight"],
      );
      assert.deepEqual(referencesIn(metrics), [
        { target: "AWSEBWorkerQueue", attribute: "QueueName" },
        { target: "AWSEBWorkerQueue", attribute: "QueueName" },
      ]);
      assert.equal(alarm.ComparisonOperator, "LessThanOrEqualToThreshold");
      assert.equal(alarm.Threshold, 0);
      const [action] = referencesIn(alarm.AlarmActions);
      const policy = config.resources[action!.target]?.value.Properties as Record<string, unknown>;
      assert.deepEqual(referencesIn(policy.AutoScalingGroupName), [
        { target: "AWSEBAutoScalingGroup" },
      ]);
      assert.ok(Number(policy.ScalingAdjustment) < 0);
    });
  });
});
