/**
 * Live progress of a training run in a notebook: one line that JupyterLab updates in place (tslab's
 * `newDisplay`), or plain printed lines when the notebook runs headless (the runner sets
 * UNROLLED_HEADLESS=1), so that executed copies and logs stay short. The line gives the step's loss per
 * character (nats, on the chunk that step trained on, so it is noisy from step to step) and its perplexity
 * e^loss: log V and V for a uniform guess.
 *
 * A cell's code blocks the kernel while it runs, so updates reach JupyterLab only when the code pauses:
 * `trainWithProgress` trains in chunks and yields to the event loop between them.
 *
 * @example
 *   await trainWithProgress(model, 600, "Adagrad, clip by value");   // a line that counts up to step 600
 */
import { newDisplay } from "tslab";

export interface ProgressRecord {
  step: number;
  lossPerCharacter: number; // the step's loss per character (nats), on the chunk it trained on
}

export interface Progress {
  update(record: ProgressRecord): void;
  done(): void;
}

/** Reports every `every` steps (and at most ten times a second in JupyterLab). */
export function trainingProgress(total: number, label: string, every = Math.max(1, Math.round(total / 5))): Progress {
  const headless = process.env["UNROLLED_HEADLESS"] === "1";
  const start = Date.now();
  let last: ProgressRecord | null = null;
  let shownAt = 0;
  const line = (r: ProgressRecord) =>
    `${label}: step ${r.step}/${total}, loss per character ${r.lossPerCharacter.toFixed(2)} (perplexity ${Math.exp(r.lossPerCharacter).toFixed(1)}), ${((Date.now() - start) / 1000).toFixed(1)} s`;
  const display = headless ? null : newDisplay();
  return {
    update(record) {
      last = record;
      if (display) {
        if (Date.now() - shownAt > 100) {
          display.text(line(record));
          shownAt = Date.now();
        }
      } else if (record.step % every === 0) {
        console.log(line(record));
      }
    },
    done() {
      if (!last) return;
      if (display) display.text(line(last) + " (done)");
      else if (last.step % every !== 0) console.log(line(last));
    },
  };
}

/** Anything that trains step by step and reports each step, like CharModel. */
export interface Trainable {
  train(steps: number, onStep?: (record: ProgressRecord) => void): unknown;
}

/** Trains `steps` steps in chunks of `chunk`, showing progress live; resolves when done. */
export async function trainWithProgress(model: Trainable, steps: number, label: string, chunk = 20): Promise<void> {
  const progress = trainingProgress(steps, label);
  let count = 0; // steps of this call (the model may have trained before)
  for (let done = 0; done < steps; done += chunk) {
    model.train(Math.min(chunk, steps - done), (record) => progress.update({ ...record, step: ++count }));
    await new Promise((resolve) => setTimeout(resolve, 0)); // let the display message go out
  }
  progress.done();
}
