// Regenerates lessons/figures/*.svg from the code (npm run figures): each figure wide and narrow.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { figureFiles, figuresDir, loadFigures } from '../src/figures/registry';

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
console.log(`${figures.length} figures written (${files} files).`);
