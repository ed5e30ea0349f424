/**
 * The Web Worker that runs the learner's own exercise for the live figures, so a slow, hanging or
 * throwing exercise never freezes the page (the page stops this worker after the time limit).
 */
import type { LiveCourse } from '../../figures/live/collect';
import type { UnitApi } from '../../figures/live/types';
import type { YoursAnswer, YoursJob } from './protocol';
import { runYours } from './run-yours';

interface WorkerScope {
  importScripts(url: string): void;
  postMessage(message: YoursAnswer): void;
  onmessage: ((event: { data: YoursJob }) => void) | null;
  __yours?: UnitApi;
  __yoursBuildError?: string;
}
const scope = self as unknown as WorkerScope;
let loaded: string | undefined;

/** Answer the page's jobs for `figures` (called by the entry pack.ts writes, with the course's live figures). */
export function startLiveWorker(live: LiveCourse): void {
  scope.onmessage = ({ data }) => answer(live, data);
}

function answer({ figures, files }: LiveCourse, data: YoursJob): void {
  const figure = figures.find((f) => f.id === data.figure);
  if (!figure) return scope.postMessage({ job: data.job, state: 'error', message: `no live figure "${data.figure}"` });
  if (loaded !== data.url) {
    try {
      scope.__yours = undefined;
      scope.__yoursBuildError = undefined;
      scope.importScripts(data.url);
      loaded = data.url;
    } catch (error) {
      return scope.postMessage({ job: data.job, state: 'error', message: `your code could not be loaded: ${(error as Error).message}` });
    }
  }
  if (scope.__yoursBuildError) return scope.postMessage({ job: data.job, state: 'error', message: `${files[figure.unit]?.stub ?? figure.unit} does not build: ${scope.__yoursBuildError}` });
  scope.postMessage(runYours(figure, data.params, scope.__yours, files, data.job));
}
