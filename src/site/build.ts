/**
 * Builds lessons/*.md into a static site: a contents page, one page per unit in course order with
 * previous/next links, the unit's exercise at the end, figures, and KaTeX maths. The markdown goes
 * through the course's one markdown-it setup (src/lessons/markdown.ts), so every anchor a test's
 * feedback names (`lessons/<slug>.md#<anchor>`) is an id on `lessons/<slug>.html`.
 *
 * The output mirrors the repository (`lessons/<slug>.html`, `lessons/figures/…`), so relative
 * links in the lessons keep working; links to other lessons' `.md` become `.html`. Anything the
 * build cannot resolve (a broken link, a missing figure, a KaTeX error) is returned as a warning.
 */
import { makeFolder } from '../course/folders';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { repoRoot } from '../course/paths';
import { CourseError, courseTitle, loadUnits, UNIT_SLUG_IN_TEXT, type Unit } from '../course/course';
import { createLessonMarkdown, lessonAnchors } from '../lessons/markdown';
import { exportedNames } from '../cli/table';
import { SITE_CSS, SITE_JS } from './style';
import { escapeHtml } from './html';
import { bundleExercise } from './bundle';

export interface BuildOptions {
  root?: string;
  outDir: string;
  /** bundle the learner's exercises so the live figures draw them too (when the site is served) */
  yours?: boolean;
}

export interface SitePage {
  slug: string;
  /** path inside the site, e.g. `lessons/01-sigmoid.html` */
  path: string;
  title: string;
}

export interface BuildResult {
  outDir: string;
  pages: SitePage[];
  warnings: string[];
  ms: number;
}

/** Written into every build, so a rebuild only ever clears a folder that holds a previous build. */
const MARKER = '.lesson-site';
/** Never published on the site, even if a lesson links there. */
const PRIVATE = /^(solutions|test|grader|bench|node_modules|\.git|\.course|lessons\/experiments)(\/|$)/;
/** The unit whose exercise a live figure can run, as its markup names it. */
const LIVE_OWNER = new RegExp(`data-unit="(${UNIT_SLUG_IN_TEXT.source})"`);

export { escapeHtml };

/** KaTeX's stylesheet and fonts, from the very copy of KaTeX that the markdown plugin renders with. */
export function katexDist(): string {
  const require = createRequire(import.meta.url);
  const plugin = require.resolve('@vscode/markdown-it-katex');
  const pkg = createRequire(plugin).resolve('katex/package.json');
  return join(dirname(pkg), 'dist');
}

function prepareOutDir(outDir: string): void {
  if (existsSync(outDir)) {
    if (!statSync(outDir).isDirectory()) throw new CourseError(`${outDir} is a file, not a folder for the site.`);
    const entries = readdirSync(outDir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new CourseError(`${outDir} is not empty and does not hold a previous lesson site; choose another --out folder.`);
    }
    rmSync(outDir, { recursive: true, force: true });
  }
  makeFolder(outDir);
  writeFileSync(join(outDir, MARKER), 'Built by `npm run lessons`; the whole folder is replaced on every build.\n');
}

interface Token {
  type: string;
  tag: string;
  content: string;
  children: Token[] | null;
  attrGet(name: string): string | null;
  attrSet(name: string, value: string): void;
  attrJoin(name: string, value: string): void;
}

function page(opts: { title: string; courseTitle: string; depth: number; where: string; body: string; head?: string }): string {
  const up = '../'.repeat(opts.depth);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(opts.title)}</title>
<link rel="stylesheet" href="${up}assets/katex/katex.min.css">
<link rel="stylesheet" href="${up}assets/site.css">
<script src="${up}assets/site.js" defer></script>${opts.head ?? ''}
</head>
<body>
<header class="site"><div class="inner"><a class="course" href="${up}index.html">${escapeHtml(opts.courseTitle)}</a><span class="where">${escapeHtml(opts.where)}</span></div></header>
<main>
${opts.body}
</main>
<footer class="site"><div class="inner">Built from <code>lessons/*.md</code> by <code>npm run lessons</code>. Run the tests with <code>npm run course -- watch</code>.</div></footer>
</body>
</html>
`;
}

function exerciseCard(unit: Unit, stub: string | undefined): string {
  const names = stub ? exportedNames(stub) : [];
  const write = names.length > 0 ? ` and write ${names.map((n) => `<code>${escapeHtml(n)}</code>`).join(', ')}` : '';
  const rows: [string, string][] = [
    ['npm run course -- watch', `re-runs unit ${unit.number} every time you save`],
    [`npm test -- ${unit.number}`, 'or run its tests once'],
    [`npm run course -- hint ${unit.number}`, 'one hint at a time'],
  ];
  const width = Math.max(...rows.map(([command]) => command.length));
  const commands = rows.map(([command, note]) => `${command.padEnd(width)}   # ${note}`).join('\n');
  return `<section class="exercise" id="exercise-card">
<h2>Your turn: unit ${unit.number}</h2>
<p>Open <code>${escapeHtml(unit.exerciseDir)}/index.ts</code>${write}. <span class="points">${unit.points} points.</span></p>
<pre><code>${escapeHtml(commands)}</code></pre>
<p>A failing test names the call, the value expected, the value returned, and the section of this page to reread.</p>
${stub ? `<details><summary>The stub you will fill in</summary>\n<pre><code>${escapeHtml(stub)}</code></pre>\n</details>` : ''}
</section>`;
}

type Rule = (tokens: Token[], idx: number, options: unknown, env: unknown, self: unknown) => string;

/**
 * The site's renderer tweaks: wide tables and display maths scroll inside their own region (a
 * phone never scrolls the page sideways; the page script makes a region a focusable, labelled
 * region when it does scroll), a figure with a narrow drawing becomes a <picture> that picks it on a phone, and an
 * inline formula stays on one line with the punctuation that follows it.
 */
function siteMarkdown(figureExists: (src: string) => boolean) {
  const md = createLessonMarkdown();
  const rules = md.renderer.rules as unknown as Record<string, Rule>;
  rules.table_open = () => '<div class="wide" data-kind="Table">\n<table>\n';
  rules.table_close = () => '</table>\n</div>\n';
  const mathBlock = rules.math_block!;
  rules.math_block = (...args) => `<div class="wide math" data-kind="Equation">${mathBlock(...args)}</div>\n`;
  const mathInline = rules.math_inline!;
  rules.math_inline = (tokens, idx, ...rest) => {
    const html = mathInline(tokens, idx, ...rest);
    const glue = (tokens[idx] as Token & { meta?: { glue?: string } }).meta?.glue;
    return glue ? `<span class="nowrap">${html}${escapeHtml(glue)}</span>` : html;
  };
  const image = rules.image!;
  rules.image = (tokens, idx, ...rest) => {
    const html = image(tokens, idx, ...rest);
    const src = tokens[idx]!.attrGet('src') ?? '';
    const narrow = src.replace(/\.svg$/, '.narrow.svg');
    if (!src.endsWith('.svg') || !figureExists(narrow)) return html;
    return `<picture><source media="(max-width: 560px)" srcset="${escapeHtml(narrow)}">${html}</picture>`;
  };
  return md;
}

/** Move punctuation that directly follows an inline formula into it, so ")" never starts a line alone. */
function glueInlineMaths(children: Token[]): void {
  children.forEach((child, i) => {
    const next = children[i + 1];
    // A long formula keeps KaTeX's own line breaks (after = and +); only a short one is glued.
    if (child.type !== 'math_inline' || next?.type !== 'text' || child.content.length > 24) return;
    const glue = /^[).,;:!?\]’”]+/.exec(next.content)?.[0];
    if (!glue) return;
    (child as Token & { meta: unknown }).meta = { glue };
    next.content = next.content.slice(glue.length);
  });
}

/** Concepts are plain text with TeX-style subscripts (`δ_{l−1}`, `W_l`): show them as subscripts. */
export function conceptHtml(text: string): string {
  return escapeHtml(text)
    .replace(/_\{([^}]*)\}/g, '<sub>$1</sub>')
    .replace(/_([\p{L}\p{N}])/gu, '<sub>$1</sub>');
}

/** In-page contents for a long lesson: its h2 sections, in order. */
function pageContents(tokens: Token[]): string {
  const sections: { id: string; text: string }[] = [];
  tokens.forEach((token, k) => {
    const id = token.attrGet?.('id');
    if (token.type === 'heading_open' && token.tag === 'h2' && id) sections.push({ id, text: tokens[k + 1]!.content });
  });
  if (sections.length < 5) return '';
  const items = sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.text)}</a></li>`).join('\n');
  return `<nav class="toc" aria-label="On this page">\n<details open><summary>On this page</summary>\n<ol>\n${items}\n</ol>\n</details>\n</nav>`;
}

/** `<div class="live-figure" data-live="01-sigmoid-z"></div>` on a line of its own in a lesson. */
const LIVE_PLACEHOLDER = /<div class="live-figure" data-live="([\w-]+)"><\/div>/g;

export function buildSite({ root = repoRoot, outDir, yours = false }: BuildOptions): BuildResult {
  const started = performance.now();
  const units = loadUnits(root);
  const title = courseTitle(root);
  const md = siteMarkdown((src) => existsSync(join(root, 'lessons', src)));
  const warnings: string[] = [];
  prepareOutDir(outDir);

  const lessonText = new Map(units.map((u) => [u.slug, existsSync(join(root, u.lesson)) ? readFileSync(join(root, u.lesson), 'utf8') : undefined]));
  const anchors = new Map(units.map((u) => [u.slug, lessonAnchors(lessonText.get(u.slug) ?? '')]));
  const lessonSlugs = new Map(units.map((u) => [u.lesson, u.slug]));
  const toCopy = new Set<string>();
  const liveUnits = new Set<string>();

  /** Rewrite a link or image address found in `from` (a repository path); warn if it leads nowhere. */
  const rewrite = (address: string, from: string, kind: 'link' | 'image'): string => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(address) || address.startsWith('//')) return address;
    const [pathPart = '', fragment] = address.split('#', 2) as [string, string | undefined];
    const ownSlug = lessonSlugs.get(from)!;
    if (pathPart === '') {
      if (fragment && !anchors.get(ownSlug)?.has(fragment)) warnings.push(`${from}: link to #${fragment}, which is not a heading of this lesson`);
      return address;
    }
    const target = posix.normalize(posix.join(posix.dirname(from), decodeURI(pathPart)));
    if (target.startsWith('..')) {
      warnings.push(`${from}: ${kind} ${address} points outside the course`);
      return address;
    }
    const slug = lessonSlugs.get(target);
    if (slug) {
      if (fragment && !anchors.get(slug)?.has(fragment)) warnings.push(`${from}: link to ${address}, but ${target} has no heading #${fragment}`);
      return `${posix.relative(posix.dirname(from), target.replace(/\.md$/, '.html'))}${fragment ? `#${fragment}` : ''}`;
    }
    if (PRIVATE.test(target) || !existsSync(join(root, target))) {
      warnings.push(`${from}: ${kind} ${address} leads to ${target}, which ${PRIVATE.test(target) ? 'is not published' : 'does not exist'}`);
      return address;
    }
    toCopy.add(target);
    return address;
  };

  const pages: SitePage[] = [];
  units.forEach((unit, i) => {
    const text = lessonText.get(unit.slug);
    if (text === undefined) {
      warnings.push(`${unit.lesson} is missing`);
      return;
    }
    const env = {};
    const tokens = md.parse(text, env) as unknown as Token[];
    let heading = unit.title;
    tokens.forEach((token, k) => {
      if (token.type === 'heading_open') {
        const inline = tokens[k + 1]!;
        if (token.tag === 'h1') heading = inline.content;
        const id = token.attrGet('id');
        // A visible "#" next to each section heading: the address a test's feedback links to.
        if (id && token.tag !== 'h1' && inline.children) {
          const Token = inline.children[0]?.constructor as unknown as new (type: string, tag: string, nesting: number) => Token;
          if (Token) {
            const open = new Token('link_open', 'a', 1);
            open.attrSet('href', `#${id}`);
            open.attrSet('class', 'anchor');
            open.attrSet('aria-label', `Link to this section`);
            const hash = new Token('text', '', 0);
            hash.content = '#';
            inline.children.push(open, hash, new Token('link_close', 'a', -1));
          }
        }
      }
      if (token.children) glueInlineMaths(token.children);
      for (const child of token.children ?? []) {
        if (child.type === 'link_open') {
          const href = child.attrGet('href');
          if (href && child.attrGet('class') !== 'anchor') child.attrSet('href', rewrite(href, unit.lesson, 'link'));
        } else if (child.type === 'image') {
          const src = child.attrGet('src');
          if (src) child.attrSet('src', rewrite(src, unit.lesson, 'image'));
        }
      }
    });
    const rendered = (md.renderer as unknown as { render(t: unknown, o: unknown, e: unknown): string }).render(tokens, md.options, env);
    // The contents go right after the lesson's title.
    const contents = pageContents(tokens);
    let live = 0;
    const html = (contents ? rendered.replace(/(<\/h1>\n)/, `$1${contents}\n`) : rendered).replace(LIVE_PLACEHOLDER, (placeholder, id: string) => {
      const file = join(root, 'lessons', 'figures', 'live', `${id}.html`);
      if (!existsSync(file)) {
        warnings.push(`${unit.lesson}: no live figure "${id}" in lessons/figures/live/ (the units' modules in ${posix.dirname(unit.paths.liveFigures)}/ define them; npm run figures writes them)`);
        return placeholder;
      }
      const markup = readFileSync(file, 'utf8').trim();
      const owner = LIVE_OWNER.exec(markup)?.[1];
      live += 1;
      if (!yours || !owner) return markup;
      liveUnits.add(owner);
      return markup.replace(`data-unit="${owner}"`, `data-unit="${owner}" data-yours="../assets/yours/${owner}.js"`);
    });
    for (const m of html.matchAll(/class="katex-error"[^>]*title="([^"]*)"/g)) warnings.push(`${unit.lesson}: KaTeX could not render: ${m[1]}`);

    const stubFile = join(root, unit.paths.stub);
    const stub = existsSync(stubFile) ? readFileSync(stubFile, 'utf8') : undefined;
    const prev = units[i - 1];
    const next = units[i + 1];
    const pager = `<nav class="pager">${prev ? `<a class="prev" rel="prev" href="${prev.slug}.html">← ${prev.number} · ${escapeHtml(prev.title)}</a>` : `<a class="prev" href="../index.html">← Contents</a>`}${
      next ? `<a class="next" rel="next" href="${next.slug}.html">${next.number} · ${escapeHtml(next.title)} →</a>` : `<a class="next" href="../index.html">Contents →</a>`
    }</nav>`;
    const body = `<article class="lesson" data-unit="${unit.slug}">\n${html}\n</article>\n${exerciseCard(unit, stub)}\n${pager}`;
    const path = `lessons/${unit.slug}.html`;
    mkdirSync(join(outDir, 'lessons'), { recursive: true });
    const head = live > 0 ? '\n<script src="figures/live/live.js" defer></script>' : '';
    writeFileSync(join(outDir, path), page({ title: `${heading} · ${title}`, courseTitle: title, depth: 1, where: `Unit ${unit.number} of ${units.length}`, body, head }));
    pages.push({ slug: unit.slug, path, title: heading });
  });

  const list = units
    .map((u) => {
      const concepts = u.concepts.length > 0 ? `<div class="concepts">${u.concepts.map(conceptHtml).join(' · ')}</div>` : '';
      return `<li><span class="number">${u.number}</span><a href="lessons/${u.slug}.html">${escapeHtml(u.title)}</a> <span class="points">(${u.points} points)</span>${concepts}</li>`;
    })
    .join('\n');
  const intro = `<h1>${escapeHtml(title)}</h1>
<p>One lesson per unit, in order. Each ends with the exercise: a stub in <code>exercises/&lt;unit&gt;/index.ts</code> that you fill in until its tests pass.
<code>npm run course</code> shows where you are; <code>npm run course -- watch</code> re-runs your unit every time you save.</p>
<h2 id="contents">Contents</h2>
<ol class="units">
${list}
</ol>`;
  writeFileSync(join(outDir, 'index.html'), page({ title, courseTitle: title, depth: 0, where: `${units.length} units`, body: intro }));

  // Assets: the stylesheet, KaTeX's CSS and fonts, every figure, and any other file a lesson links to.
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  writeFileSync(join(outDir, 'assets', 'site.css'), SITE_CSS.trimStart());
  writeFileSync(join(outDir, 'assets', 'site.js'), SITE_JS.trimStart());
  if (yours) {
    for (const unit of units.filter((u) => liveUnits.has(u.slug))) {
      // A learner's syntax error is theirs to fix, not a site warning: the figure says it in the page.
      bundleExercise(root, unit.paths.stub, join(outDir, 'assets', 'yours', `${unit.slug}.js`));
    }
  }
  const katex = katexDist();
  mkdirSync(join(outDir, 'assets', 'katex'), { recursive: true });
  cpSync(join(katex, 'katex.min.css'), join(outDir, 'assets', 'katex', 'katex.min.css'));
  cpSync(join(katex, 'fonts'), join(outDir, 'assets', 'katex', 'fonts'), { recursive: true });
  if (existsSync(join(root, 'lessons', 'figures'))) cpSync(join(root, 'lessons', 'figures'), join(outDir, 'lessons', 'figures'), { recursive: true });
  for (const file of toCopy) {
    if (!existsSync(join(outDir, file))) cpSync(join(root, file), join(outDir, file), { recursive: true });
  }
  return { outDir, pages, warnings, ms: performance.now() - started };
}
