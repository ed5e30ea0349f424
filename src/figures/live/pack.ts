/**
 * The live figures as the lessons ship them, written by `npm run figures` into lessons/figures/live/:
 * each figure's markup (its controls and a first drawing, rendered here with the reference) and the
 * two browser bundles (the page script with Observable Plot and the reference engine, and the
 * worker that runs the learner's code). The site build only copies these, so it never imports the
 * reference engine, and a learner's release ships the bundles, not the engine's source.
 */
import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { repoRoot } from '../../course/paths';
import { liveFigureHtml } from '../../site/live/markup';
import { liveFigures } from './index';

export const LIVE_DIR = 'live';

function bundle(entry: string): string {
  const result = buildSync({
    entryPoints: [join(repoRoot, 'src', 'site', 'live', entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Every file of the pack, named relative to lessons/figures/. */
export function livePack(): { file: string; text: string }[] {
  return [
    ...liveFigures.map((figure) => ({ file: `${LIVE_DIR}/${figure.id}.html`, text: `${liveFigureHtml(figure)}\n` })),
    { file: `${LIVE_DIR}/live.js`, text: bundle('page.ts') },
    { file: `${LIVE_DIR}/live-worker.js`, text: bundle('worker.ts') },
  ];
}
