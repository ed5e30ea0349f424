// The type checker's worker thread (see typecheck.ts). Plain JavaScript so it starts under any
// loader (tsx, vitest, plain node). It keeps one TypeScript compiler warm: the standard library,
// @types/node and mathjs's declarations are parsed once and shared by every program, and each batch
// of submissions is checked as one program, so a submission costs milliseconds, not seconds.
import { realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import ts from 'typescript';

const { repoRoot, libDir } = workerData;

const parsed = ts.getParsedCommandLineOfConfigFile(join(repoRoot, 'tsconfig.json'), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  },
});

/** The course's own compiler options; only where modules come from differs (the copy lives in a scratch folder). */
const options = {
  ...parsed.options,
  noEmit: true,
  incremental: false,
  composite: false,
  declaration: false,
  rootDir: undefined,
  baseUrl: undefined,
  paths: {
    '@course/*': [`${libDir}/*`],
    mathjs: [join(repoRoot, 'node_modules', 'mathjs', 'types', 'index.d.ts')],
  },
  typeRoots: [join(repoRoot, 'node_modules', '@types')],
};

const shared = new Map();
let oldProgram;

/** Folders and their real paths (TypeScript follows symbolic links), each ending in a separator. */
const withRealPaths = (dirs) => [...new Set(dirs.flatMap((d) => [d, realpathSync(d)]).map((d) => (d.endsWith(sep) ? d : d + sep)))];
/** Besides the submissions: the course's helpers and the installed types (lib.d.ts, @types/node, mathjs). */
const installed = withRealPaths([libDir, join(repoRoot, 'node_modules')]);

function makeHost(base) {
  const host = ts.createCompilerHost(options, true);
  const read = host.getSourceFile.bind(host);
  // Graded code may import only its own files, mathjs and @course/*: a type-only import of anything
  // else (the hidden suites, solutions/) is not found, as it is not found by the bundler.
  const allowed = [...withRealPaths([base]), ...installed];
  const permitted = (fileName) => allowed.some((dir) => fileName.startsWith(dir));
  const { fileExists, readFile } = host;
  host.fileExists = (fileName) => permitted(fileName) && fileExists.call(host, fileName);
  host.readFile = (fileName) => (permitted(fileName) ? readFile.call(host, fileName) : undefined);
  host.getSourceFile = (fileName, language, onError, create) => {
    if (!permitted(fileName)) return undefined;
    if (fileName.startsWith(base)) return read(fileName, language, onError, create);
    let file = shared.get(fileName);
    if (!file) {
      file = read(fileName, language, onError, create);
      if (file) shared.set(fileName, file);
    }
    return file;
  };
  return host;
}

function check({ roots, base }) {
  const program = ts.createProgram({ rootNames: roots, options, host: makeHost(base), oldProgram });
  oldProgram = program;
  const diagnostics = [];
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(base)) continue;
    for (const d of [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]) {
      const { line, character } = d.start === undefined ? { line: 0, character: 0 } : file.getLineAndCharacterOfPosition(d.start);
      diagnostics.push({ file: file.fileName, line: line + 1, column: character + 1, code: d.code, text: ts.flattenDiagnosticMessageText(d.messageText, ' ') });
    }
  }
  return diagnostics;
}

parentPort.on('message', (request) => {
  const started = performance.now();
  try {
    parentPort.postMessage({ id: request.id, diagnostics: check(request), ms: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ id: request.id, error: String(error?.stack ?? error), ms: performance.now() - started });
  }
});
