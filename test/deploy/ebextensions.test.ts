import { expect } from "chai";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  EbextensionsError,
  readEbextensions,
  sqsdSettings,
  where,
} from "../../src/eb/ebextensions.js";

describe("readEbextensions", () => {
  let dir: string;

  beforeEach(async () => {
    dir = path.join(await mkdtemp(path.join(tmpdir(), "ebextensions-")), ".ebextensions");
    await mkdir(dir);
  });

  afterEach(async () => {
    await rm(path.dirname(dir), { recursive: true, force: true });
  });

  async function write(name: string, text: string): Promise<string> {
    await writeFile(path.join(dir, name), text);
    return path.join(dir, name);
  }

  async function problemsOf(): Promise<string[]> {
    try {
      await readEbextensions(dir);
    } catch (error) {
      if (error instanceof EbextensionsError) return error.problems;
      throw error;
    }
    throw new Error("Expected readEbextensions to throw an EbextensionsError");
  }

  it("reads the shorthand form, keeping each value's file and line", async () => {
    const file = await write(
      "01-worker.config",
      [
        "option_settings:",
        "  aws:elasticbeanstalk:sqsd:",
        "    MaxRetries: 5",
        "    HttpPath: /jobs",
        "",
      ].join("\n"),
    );
    const config = await readEbextensions(dir);
    expect(config.files).to.deep.equal([file]);
    expect(config.sqsd.MaxRetries).to.deep.equal({ value: 5, file, line: 3 });
    expect(config.sqsd.HttpPath).to.deep.equal({ value: "/jobs", file, line: 4 });
    expect(where(config.sqsd.MaxRetries!)).to.equal(`${file}:3`);
  });

  it("reads the list form with namespace, option_name and value", async () => {
    const file = await write(
      "01-worker.config",
      [
        "option_settings:",
        "  - namespace: aws:elasticbeanstalk:sqsd",
        "    option_name: VisibilityTimeout",
        "    value: 900",
        "  - namespace: aws:autoscaling:asg",
        "    option_name: MaxSize",
        "    value: 4",
        "",
      ].join("\n"),
    );
    const config = await readEbextensions(dir);
    expect(config.sqsd.VisibilityTimeout).to.deep.equal({ value: 900, file, line: 2 });
    expect(config.options["aws:autoscaling:asg"]).to.deep.equal({
      MaxSize: { value: 4, file, line: 5 },
    });
  });

  it("puts list entries without a namespace in the environment properties, as AWS does", async () => {
    const file = await write(
      "01-env.config",
      "option_settings:\n  - option_name: NODE_ENV\n    value: production\n",
    );
    const config = await readEbextensions(dir);
    expect(config.environment.NODE_ENV).to.deep.equal({ value: "production", file, line: 2 });
  });

  it("reads JSON files as well as YAML", async () => {
    const file = await write(
      "01-worker.config",
      '{\n  "option_settings": {\n    "aws:elasticbeanstalk:application:environment": {\n      "PORT": "8080"\n    }\n  }\n}\n',
    );
    const config = await readEbextensions(dir);
    expect(config.environment.PORT).to.deep.equal({ value: "8080", file, line: 4 });
  });

  it("applies files alphabetically, so a later file overrides an earlier one", async () => {
    await write(
      "02-override.config",
      "option_settings:\n  aws:elasticbeanstalk:sqsd:\n    MaxRetries: 7\n",
    );
    await write(
      "01-base.config",
      "option_settings:\n  aws:elasticbeanstalk:sqsd:\n    MaxRetries: 3\n    MimeType: text/plain\n",
    );
    await write("notes.txt", "option_settings: not a config file, ignored\n");
    const config = await readEbextensions(dir);
    expect(config.files.map((file) => path.basename(file))).to.deep.equal([
      "01-base.config",
      "02-override.config",
    ]);
    expect(sqsdSettings(config)).to.deep.equal({ MaxRetries: 7, MimeType: "text/plain" });
    expect(path.basename(config.sqsd.MaxRetries!.file)).to.equal("02-override.config");
  });

  it("keeps Resources with their definitions and lines, and mapping values such as Ref as written", async () => {
    const file = await write(
      "20-scaling.config",
      [
        "option_settings:",
        "  aws:elasticbeanstalk:application:environment:",
        '    WORKER_QUEUE_URL: { "Ref": "AWSEBWorkerQueue" }',
        "Resources:",
        "  QueueScaleInPolicy:",
        "    Type: AWS::AutoScaling::ScalingPolicy",
        "    Properties:",
        "      ScalingAdjustment: -1",
        "",
      ].join("\n"),
    );
    const config = await readEbextensions(dir);
    expect(config.environment.WORKER_QUEUE_URL?.value).to.deep.equal({ Ref: "AWSEBWorkerQueue" });
    expect(config.resources.QueueScaleInPolicy).to.deep.equal({
      value: { Type: "AWS::AutoScaling::ScalingPolicy", Properties: { ScalingAdjustment: -1 } },
      file,
      line: 5,
    });
  });

  it("reads a missing directory as no settings", async () => {
    const config = await readEbextensions(path.join(dir, "absent"));
    expect(config).to.deep.equal({
      files: [],
      sqsd: {},
      environment: {},
      options: {},
      resources: {},
    });
  });

  it("names the file and line of an unknown sqsd option", async () => {
    const file = await write(
      "01-worker.config",
      "option_settings:\n  aws:elasticbeanstalk:sqsd:\n    MaxRetry: 5\n",
    );
    expect(await problemsOf()).to.deep.equal([
      `${file}:3: unknown aws:elasticbeanstalk:sqsd option "MaxRetry"`,
    ]);
  });

  it("names the file and line of a YAML syntax error", async () => {
    const file = await write(
      "01-worker.config",
      "option_settings:\n  aws:elasticbeanstalk:sqsd:\n    MaxRetries: [5\n",
    );
    expect(await problemsOf()).to.deep.equal([
      `${file}:4: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
  });

  it("names the line of a repeated option", async () => {
    const file = await write(
      "01-worker.config",
      "option_settings:\n  aws:elasticbeanstalk:sqsd:\n    MaxRetries: 5\n    MaxRetries: 6\n",
    );
    expect(await problemsOf()).to.deep.equal([`${file}:4: Map keys must be unique`]);
  });

  it("reports malformed entries of every file together", async () => {
    const first = await write(
      "01-list.config",
      "option_settings:\n  - namespace: aws:elasticbeanstalk:sqsd\n    value: 5\n",
    );
    const second = await write("02-top.config", "- just a list\n");
    const third = await write("03-resources.config", "Resources:\n  Broken: 5\n");
    expect(await problemsOf()).to.deep.equal([
      `${first}:2: expected an option_settings entry with option_name, value and optionally namespace`,
      `${second}:1: expected a mapping with option_settings and/or Resources at the top level`,
      `${third}:2: expected resource "Broken" as a mapping with Type and Properties`,
    ]);
  });
});
