import { expect } from "chai";
import { z } from "zod";
import { defineJob } from "../../src/jobs/define-job.js";
import { jobs } from "../../src/jobs/index.js";
import { jobForms } from "../../src/console/job-forms.js";
import { renderPage } from "../../src/console/page.js";

describe("the console's enqueue form", () => {
  it("takes send-email's fields from its schema: a required email and two required texts, nothing more", () => {
    const form = jobForms(jobs).find((candidate) => candidate.type === "send-email");
    expect(
      form?.fields.map(({ name, input, required }) => ({ name, input, required })),
    ).to.deep.equal([
      { name: "to", input: "email", required: true },
      { name: "subject", input: "text", required: true },
      { name: "text", input: "text", required: true },
    ]);
    expect(form?.openEnded).to.equal(false);
  });

  it("offers a JSON box for a loose schema's extra keys and for what a form cannot say", () => {
    const example = defineJob({
      name: "example",
      payload: z
        .object({
          count: z.number().int().optional(),
          urgent: z.boolean(),
          colour: z.enum(["red", "blue"]),
          tags: z.array(z.string()),
        })
        .loose(),
      async handle() {},
    });
    const [form] = jobForms([example]);
    expect(form?.fields.map(({ name, input }) => [name, input])).to.deep.equal([
      ["count", "integer"],
      ["urgent", "checkbox"],
      ["colour", "select"],
      ["tags", "json"],
    ]);
    expect(form?.fields[2]?.choices).to.deep.equal(["red", "blue"]);
    expect(form?.openEnded).to.equal(true);
  });

  it("labels every field of the page's form, and escapes what it prints", () => {
    const page = renderPage('"><script>', jobForms(jobs));
    expect(page).to.include('content="&quot;&gt;&lt;script&gt;"');
    const ids = [...page.matchAll(/<(?:input|select|textarea) [^>]*id="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(ids.length).to.be.greaterThan(3);
    for (const id of ids) expect(page, id).to.include(`<label for="${id ?? ""}">`);
  });
});
