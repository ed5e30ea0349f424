// Regenerates lessons/figures/ from the code (npm run figures): each figure wide and narrow, and the live figures.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resolveLessonImports } from '../src/figures/lesson-imports';
import { figureFiles, figuresDir, loadFigures } from '../src/figures/registry';
import { livePack } from '../src/figures/live/pack';

// The experiments import their units as `@impl/<slug>`: the figures are drawn with the reference solutions.
resolveLessonImports();
mkdirSync(figuresDir, { recursive: true });
const figures = await loadFigures();
let files = 0;
for (const figure of figures) {
  for (const { file, svg } of figureFiles(figure)) {
    writeFileSync(join(figuresDir, file), svg);
    files += 1;
    console.log(`wrote lessons/figures/${file}`);
  }
}
for (const { file, text } of await livePack()) {
  mkdirSync(dirname(join(figuresDir, file)), { recursive: true });
  writeFileSync(join(figuresDir, file), text);
  console.log(`wrote lessons/figures/${file}`);
}
console.log(`${figures.length} figures written (${files} files), and the live figures in lessons/figures/live/.`);
