// `npm test`: the launcher (see test-main.ts). Plain JavaScript for the same reason as course.mjs:
// the TypeScript is loaded with tsx's scoped tsImport, vitest from here, outside tsx's module hooks.
import { tsImport } from 'tsx/esm/api';

const { testCli } = await tsImport('./test-main.ts', import.meta.url);
const code = await testCli(process.argv.slice(2), { loadVitest: () => import('vitest/node') });
// Exit once the output is flushed, even if a runaway test of the learner's still holds a child.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
