/**
 * The progress bar on stderr while the demo runs: requests done / total, rate and ETA.
 * Nothing with `--quiet`; when stderr is no terminal, a line every 2 s instead of a bar.
 * The final report goes to stdout either way.
 */
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  /** One request done. */
  tick(): void;
  /** A new phase, shown next to the bar. */
  phase(name: string): void;
  stop(): void;
}

export const SILENT_PROGRESS: Progress = { tick() {}, phase() {}, stop() {} };

export function progressBar(total: number): Progress {
  const bar = new SingleBar(
    {
      format: 'demo {phase} [{bar}] {value}/{total} requests | {rate} req/s | ETA {eta_formatted}',
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 500,
      fps: 5,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );
  const started_ms = Date.now();
  let done = 0;
  let phase = 'set-up';
  let stopped = false;
  const payload = () => {
    const seconds = Math.max(0.001, (Date.now() - started_ms) / 1000);
    return { phase: phase.padEnd(9), rate: Math.round(done / seconds) };
  };
  bar.start(total, 0, payload());
  return {
    tick() {
      done += 1;
      bar.update(done, payload());
    },
    phase(name: string) {
      phase = name;
      bar.update(done, payload());
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.update(done, payload());
      bar.stop();
    },
  };
}
