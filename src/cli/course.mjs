// `npm run course`: the launcher. Plain JavaScript on purpose: the CLI's TypeScript is loaded with
// tsx's scoped tsImport, while vitest is imported from here, outside tsx's module hooks, which
// would otherwise make vitest about three times slower to load (seconds, on every cold run).
import { tsImport } from 'tsx/esm/api';

const { cli } = await tsImport('./main.ts', import.meta.url);
const code = await cli(process.argv.slice(2), { loadVitest: () => import('vitest/node') });
// Exit once the output is flushed, even if a runaway test of the learner's still holds a thread.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
