/**
 * The live figures as the lessons ship them, written by `npm run figures` into lessons/figures/live/:
 * each figure's markup (its controls and a first drawing, rendered here with the reference) and the
 * two browser bundles (the page script with Observable Plot and the reference engine, and the
 * worker that runs the learner's code). The site build only copies these, so it never imports the
 * reference engine, and a learner's release ships the bundles, not the engine's source.
 */
import { build, type Plugin } from 'esbuild';
import { basename, dirname, join, resolve } from 'node:path';
import { loadCourse } from '../../course/course';
import { isCourseAlias, resolveAlias } from '../../course/modules';
import { repoRoot } from '../../course/paths';
import { liveFigureHtml } from '../../site/live/markup';
import { liveUnits, loadLive, unitFiles } from './index';

export const LIVE_DIR = 'live';

/**
 * `@course/` by the one alias table. `@impl/` is refused: these bundles go to learners, and a live
 * figure computes with its unit's `reference` (built on grader/engine) and, in the worker, with the learner's own code.
 */
function courseAliases(root: string): Plugin {
  return {
    name: 'course-aliases',
    setup(b) {
      b.onResolve({ filter: /^@/ }, async (args) => {
        if (!isCourseAlias(args.path)) return undefined;
        if (args.path.startsWith('@impl/')) return { errors: [{ text: `${args.path}: a live figure may not import a unit's code (the bundle ships to learners); compute with the api it is given` }] };
        const target = resolveAlias(args.path, { root });
        return target === undefined ? undefined : b.resolve(`./${basename(target)}`, { kind: args.kind, resolveDir: dirname(target) });
      });
    },
  };
}

/**
 * The entry of a bundle: `start` (page.ts's or worker.ts's) called with every unit's live figures,
 * in course order, and (for the page) their reference apis. The worker runs the learner's code
 * only, so its bundle leaves the references, and the engine behind them, out.
 */
function entry(root: string, file: string, start: string, withReference: boolean): string {
  const units = liveUnits(root);
  const names = (i: number) => (withReference ? `live as live${i}, reference as reference${i}` : `live as live${i}`);
  const unit = (slug: string, i: number) => `{ slug: ${JSON.stringify(slug)}, live: live${i}${withReference ? `, reference: reference${i}` : ''} }`;
  // This code is imported by its own path, the course's modules relative to the course root.
  return [
    `import { ${start} } from ${JSON.stringify(join(repoRoot, 'src', 'site', 'live', file))};`,
    `import { collectLive } from ${JSON.stringify(join(repoRoot, 'src', 'figures', 'live', 'collect.ts'))};`,
    ...units.map((u, i) => `import { ${names(i)} } from './${u.file}';`),
    `${start}(collectLive([${units.map((u, i) => unit(u.slug, i)).join(', ')}], ${JSON.stringify(unitFiles(root))}));`,
    '',
  ].join('\n');
}

async function bundle(root: string, file: string, start: string, withReference: boolean): Promise<string> {
  const result = await build({
    stdin: { contents: entry(root, file, start, withReference), resolveDir: root, sourcefile: `live-${file}`, loader: 'ts' },
    absWorkingDir: root,
    plugins: [courseAliases(root)],
    bundle: true,
    write: false,
    metafile: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  // A reference answer must never reach a learner, not even inside a bundle.
  const solutions = loadCourse(root).units.map((unit) => join(root, unit.paths.solutionDir));
  const leaked = Object.keys(result.metafile.inputs).filter((input) => solutions.some((dir) => resolve(root, input).startsWith(`${dir}/`)));
  if (leaked.length > 0) throw new Error(`the live figures' ${file} would bundle ${leaked.join(', ')}, a reference answer`);
  return result.outputFiles[0]!.text;
}

/** Every file of the pack, named relative to lessons/figures/. */
export async function livePack(root = repoRoot): Promise<{ file: string; text: string }[]> {
  const live = await loadLive(root);
  return [
    ...live.figures.map((figure) => ({ file: `${LIVE_DIR}/${figure.id}.html`, text: `${liveFigureHtml(figure, live)}\n` })),
    { file: `${LIVE_DIR}/live.js`, text: await bundle(root, 'page.ts', 'startLivePage', true) },
    { file: `${LIVE_DIR}/live-worker.js`, text: await bundle(root, 'worker.ts', 'startLiveWorker', false) },
  ];
}
