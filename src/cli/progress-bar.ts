/**
 * A one-line progress bar for bulk sends, drawn on stderr only when it is a terminal, so piped
 * output and tests stay clean. Redraws at most every 100 ms.
 */
import type { CliOutput } from "./command.js";

const WIDTH = 30;
const REDRAW_MS = 100;

export interface ProgressBar {
  advance(by: number): void;
  /** Draws the final state and ends the line. */
  finish(): void;
}

export function createProgressBar(output: CliOutput, total: number, label: string): ProgressBar {
  const started = performance.now();
  let done = 0;
  let lastDraw = 0;
  const draw = (): void => {
    const fraction = total === 0 ? 1 : done / total;
    const filled = Math.round(fraction * WIDTH);
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    output.write(
      `\r${label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${done}/${total} ${Math.floor(fraction * 100)}% ${rate}/s`,
    );
  };
  return {
    advance(by) {
      done += by;
      if (!output.isTTY) return;
      const now = performance.now();
      if (now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      draw();
    },
    finish() {
      if (output.isTTY) {
        draw();
        output.write("\n");
      }
    },
  };
}
