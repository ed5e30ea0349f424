/** The messages between the page and the worker that runs the learner's code. */
import type { Series } from '../../figures/chart';
import type { Params } from '../../figures/live/types';

export interface YoursJob {
  /** increases with every job, so a late answer to an old setting is dropped */
  job: number;
  figure: string;
  params: Params;
  /** the learner's bundled exercise (a script that sets self.__yours, or self.__yoursBuildError) */
  url: string;
}

export type YoursAnswer =
  | { job: number; state: 'ok'; series: Series[]; warning?: string }
  | { job: number; state: 'missing' | 'error'; message: string };

/** How long the learner's code may run for one redraw before the worker is stopped. */
export const YOURS_TIME_LIMIT_MS = 3000;
