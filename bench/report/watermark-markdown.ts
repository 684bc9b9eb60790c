/** The watermark-image section of bench/results/latest.md. */
import type { BenchResults } from "./results.js";
import { table } from "./markdown.js";

export function watermarkSection(results: BenchResults): string[] {
  const lines = ["## 7. watermark-image (1024×768 JPEG)", ""];
  if (!results.watermark || results.watermark.length === 0) return [...lines, "Not measured.", ""];
  return [
    ...lines,
    `${results.watermark[0]?.images ?? 0} images per row, each through the real handler against an embedded S3 in the same process (HeadObject ×2, GetObject, sharp, PutObject); one libvips thread per image and as many image slots as cores (${results.machine.cores}). CPU per image is the process's user + system time over the run divided by the images.`,
    "",
    table(
      ["connections", "images/s", "CPU ms per image"],
      ["r", "r", "r"],
      results.watermark.map((run) => [
        String(run.connections),
        run.imagesPerSecond.toFixed(1),
        run.cpuMsPerImage.toFixed(0),
      ]),
    ),
    "",
  ];
}
