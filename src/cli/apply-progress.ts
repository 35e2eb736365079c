/**
 * Progress of a plan apply on stderr, so stdout keeps only the result. On a terminal one line is redrawn in place;
 * in a log (not a TTY) a line at every tenth, and only for plans big enough to take a while.
 */
import type { ApplyProgress } from '../services/plan-service';

const QUIET_BELOW = 100;

export function applyProgressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): { report(p: ApplyProgress): void; end(): void } {
  let lastTenth = -1;
  let lastDraw = -Infinity;
  let drawn = false;
  const line = (p: ApplyProgress) =>
    `Khởi chạy workflow / starting workflows: ${p.done}/${p.total} (${Math.floor((p.done / p.total) * 100)}%)`;
  return {
    report(p) {
      if (p.total < QUIET_BELOW) return;
      if (stream.isTTY) {
        if (p.done < p.total && now() - lastDraw < 200) return;
        lastDraw = now();
        stream.write(`\r${line(p)}`);
        drawn = true;
        return;
      }
      const tenth = Math.floor((p.done / p.total) * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(`${line(p)}\n`);
    },
    end() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
