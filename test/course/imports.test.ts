import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { importSpecifiers } from '../../src/course/imports';
import { repoRoot } from '../../src/course/paths';

/** TypeScript's own answer: the independent implementation the scanner is held to. */
const typescriptSays = (source: string) => ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);

describe('importSpecifiers', () => {
  it('finds every form of import, re-export, dynamic import and require, in order', () => {
    const source = [
      `import a from './a';`,
      `import { b, type B } from "./b.ts";`,
      `import type { C } from '@course/c';`,
      `import * as d from 'node:fs';`,
      `import './side-effect';`,
      `export { e } from '../e/index';`,
      `export * from '@impl/04-backprop-mlp';`,
      `export * as f from 'mathjs/number';`,
      `export type { G } from './g';`,
      `import h = require('./h');`,
      `const i = await import('./i');`,
      'const j = await import(`./j`);',
      `const k = require('k');`,
      `import {`,
      `  l,`,
      `  m,`,
      `} from './multi-line';`,
      `type N = typeof import('./n');`,
      `import o from/* a comment between */'./o';`,
      `import '\\x2e\\x2e/p\\u002fescaped';`,
    ].join('\n');
    const expected = ['./a', './b.ts', '@course/c', 'node:fs', './side-effect', '../e/index', '@impl/04-backprop-mlp', 'mathjs/number', './g', './h', './i', './j', 'k', './multi-line', './n', './o', '../p/escaped'];
    expect(importSpecifiers(source)).toEqual(expected);
  });

  it('ignores what only looks like an import: comments, strings, templates, regular expressions, methods', () => {
    const source = [
      `// import x from './in-a-line-comment';`,
      `/* export * from './in-a-block-comment'; */`,
      `/**`,
      ` * import('./in-a-doc-comment')`,
      ` */`,
      `const s = "import './in-a-string'";`,
      `const t = 'from "./in-single-quotes"';`,
      'const u = `import a from "./in-a-template" ${"x"} require("./after-a-hole")`;',
      `const re = /import '.\\/in-a-regex'/g;`,
      `const q = /['"]/.test(s) ? 1 : 2; import('./real-after-a-regex-with-quotes');`,
      `const half = 1 / 2; const r = require('./real-after-a-division'); // '`,
      `loader.import('./a-method'); obj.require('./another-method');`,
      `const name = './computed'; import(name); require(name + '');`,
      `const nested = \`\${\`\${"}"}\`}\`; import './real-after-nested-templates';`,
    ].join('\n');
    const expected = ['./real-after-a-regex-with-quotes', './real-after-a-division', './real-after-nested-templates'];
    expect(importSpecifiers(source)).toEqual(expected);
  });

  it('reads a file with a hashbang, an unterminated string or comment without throwing', () => {
    expect(importSpecifiers("#!/usr/bin/env node\nimport './x';")).toEqual(['./x']);
    expect(importSpecifiers("import './x'; const s = 'open")).toEqual(['./x']);
    expect(importSpecifiers("import './x'; /* open")).toEqual(['./x']);
    expect(importSpecifiers('')).toEqual([]);
  });

  // TypeScript 5.9's preProcessFile misses `export * as f from 'm'`, reads a regular expression with a
  // quote in it as a string, and counts `obj.require('m')`; the fixtures above hold those cases, and
  // the repository's own files (which have none of them) are held to TypeScript's answer.
  it("agrees with TypeScript's scanner on every source file of the repository", () => {
    const files = execFileSync('git', ['ls-files', '*.ts', '*.mts', '*.mjs', '*.js'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    const differing = files.filter((file) => {
      const source = readFileSync(join(repoRoot, file), 'utf8');
      return JSON.stringify(importSpecifiers(source)) !== JSON.stringify(typescriptSays(source));
    });
    expect(differing).toEqual([]);
  });
});
