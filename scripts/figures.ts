// Regenerates lessons/figures/*.svg from the code (npm run figures).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { figuresDir, loadFigures } from '../src/figures/registry';

mkdirSync(figuresDir, { recursive: true });
const figures = await loadFigures();
for (const figure of figures) {
  writeFileSync(join(figuresDir, figure.file), figure.render());
  console.log(`wrote lessons/figures/${figure.file}`);
}
console.log(`${figures.length} figures written.`);
