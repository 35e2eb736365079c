import os from 'node:os';

/** The one JSON line every benchmark ends with (shared/CONTRACT.md). */
export function printFigures(
  bench: string,
  figures: Record<string, number | string | null | Record<string, number>>,
): void {
  console.log(JSON.stringify({ bench, cores: os.cpus().length, at: new Date().toISOString(), ...figures }));
}
