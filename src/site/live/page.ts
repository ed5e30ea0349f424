/**
 * The live figures in the page (bundled into assets/live.js, a classic script so the site also
 * works from disk). Every control redraws its figure at once, computed here with the reference
 * (each unit's, on grader/engine). When the page was served with the learner's exercises bundled (data-yours),
 * the same computation runs on their code in a Web Worker with a time limit, and their series is
 * drawn beside the reference, or a plain sentence says why it cannot be.
 */
import { drawChart } from '../../figures/plot';
import type { Series } from '../../figures/chart';
import type { LiveCourse } from '../../figures/live/collect';
import type { Control, LiveFigure, Params } from '../../figures/live/types';
import { formatControl } from './format';
import { YOURS_TIME_LIMIT_MS, type YoursAnswer, type YoursJob } from './protocol';

const workerUrl = (document.currentScript as HTMLScriptElement | null)?.src.replace(/live\.js(\?.*)?$/, 'live-worker.js');

/** One worker for the page, replaced when the learner's code overran its time. */
class YoursRunner {
  private worker: Worker | undefined;
  private job = 0;
  private pending = new Map<number, { done: (a: YoursAnswer) => void; timer: number }>();

  run(figure: string, params: Params, url: string, limitMs = YOURS_TIME_LIMIT_MS): Promise<YoursAnswer> {
    if (!this.worker) {
      this.worker = new Worker(workerUrl!);
      this.worker.onmessage = ({ data }: MessageEvent<YoursAnswer>) => this.settle(data.job, data);
    }
    const job = ++this.job;
    return new Promise((done) => {
      const timer = window.setTimeout(() => {
        // Stop the runaway and every job queued behind it; the next job gets a fresh worker.
        this.worker?.terminate();
        this.worker = undefined;
        for (const [id] of this.pending) {
          this.settle(id, { job: id, state: 'error', message: `your code did not finish within ${limitMs / 1000} s (an endless loop?), so it was stopped.` });
        }
      }, limitMs);
      this.pending.set(job, { done, timer });
      this.worker!.postMessage({ job, figure, params, url } satisfies YoursJob);
    });
  }

  private settle(job: number, answer: YoursAnswer): void {
    const entry = this.pending.get(job);
    if (!entry) return;
    window.clearTimeout(entry.timer);
    this.pending.delete(job);
    entry.done(answer);
  }
}

const runner = new YoursRunner();

function readParams(root: HTMLElement, figure: LiveFigure): Params {
  const params: Params = {};
  for (const control of figure.controls) {
    const input = root.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${control.name}"]`);
    if (!input) params[control.name] = control.value;
    else if (control.kind === 'range') params[control.name] = Number(input.value);
    else if (control.kind === 'toggle') params[control.name] = (input as HTMLInputElement).checked;
    else params[control.name] = input.value;
  }
  return params;
}

function showOutputs(root: HTMLElement, figure: LiveFigure, params: Params): void {
  for (const control of figure.controls as Control[]) {
    const output = root.querySelector(`output[for="${figure.id}-${control.name}"]`);
    if (output) output.textContent = formatControl(control, params[control.name]!);
  }
}

function mount(root: HTMLElement, live: LiveCourse): void {
  const figure = live.figures.find((f) => f.id === root.dataset.live);
  const api = figure && live.reference[figure.unit];
  if (!figure || !api) return;
  const stub = live.files[figure.unit]?.stub ?? figure.unit;
  const drawing = root.querySelector<HTMLElement>('.drawing')!;
  const readout = root.querySelector<HTMLElement>('.readout');
  const status = root.querySelector<HTMLElement>('.yours');
  const yoursUrl = root.dataset.yours ? new URL(root.dataset.yours, location.href).href : undefined;
  if (yoursUrl && status) status.hidden = false;
  let yours: Series[] = [];
  let latest = 0;

  const draw = (params: Params, ref: Series[]) => {
    const width = Math.max(300, Math.round(drawing.clientWidth || 640));
    drawing.replaceChildren(drawChart(figure.chart(params, ref, yours), { document, width }));
  };

  const update = () => {
    const params = readParams(root, figure);
    showOutputs(root, figure, params);
    const ref = figure.compute(params, api);
    draw(params, ref);
    if (readout && figure.readout) readout.textContent = figure.readout(params, ref);
    root.removeAttribute('aria-busy');
    if (!yoursUrl || !status) return;
    const mine = ++latest;
    status.dataset.state = 'pending';
    if (figure.timeLimitMs) status.textContent = `Running your ${stub} (up to ${figure.timeLimitMs / 1000} s)…`;
    void runner.run(figure.id, params, yoursUrl, figure.timeLimitMs).then((answer) => {
      if (mine !== latest) return; // a newer setting is on its way
      status.dataset.state = answer.state === 'ok' ? (answer.warning ? 'error' : 'ok') : answer.state;
      yours = answer.state === 'ok' ? answer.series : [];
      const file = stub;
      status.textContent =
        answer.state === 'ok'
          ? answer.warning ?? `Your code (${file}) is drawn beside the reference, named "yours:".`
          : answer.state === 'missing'
            ? `Your code: ${answer.message} Once it is, your series appears here beside the reference.`
            : `Your code: ${answer.message} The figure shows the reference only.`;
      draw(params, ref);
    });
  };

  if (figure.redraw === 'change') {
    // A training run takes a moment: while a slider moves only its number follows; letting go trains,
    // after the page has painted "Training…".
    root.addEventListener('input', () => showOutputs(root, figure, readParams(root, figure)));
    root.addEventListener('change', () => {
      root.setAttribute('aria-busy', 'true');
      if (readout) readout.textContent = 'Training…';
      window.setTimeout(update, 20);
    });
  } else {
    root.addEventListener('input', update);
    root.addEventListener('change', update);
  }
  let width = drawing.clientWidth;
  window.addEventListener('resize', () => {
    if (drawing.clientWidth !== width) {
      width = drawing.clientWidth;
      update();
    }
  });
  update();
}

/** Mount every live figure of the page (called by the entry pack.ts writes, with the course's live figures). */
export function startLivePage(live: LiveCourse): void {
  const start = () => document.querySelectorAll<HTMLElement>('.live-figure[data-live]').forEach((root) => mount(root, live));
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
