/**
 * The one markdown-it setup for lessons: KaTeX for maths, stable heading anchors that test
 * feedback links to (`lessons/<slug>.md#<anchor>`). The site builder and the link checks share it,
 * so an anchor the checks accept is an anchor the site has.
 */
import MarkdownIt from 'markdown-it';
import anchor from 'markdown-it-anchor';
import katexPlugin from '@vscode/markdown-it-katex';
import { slug as githubSlug } from 'github-slugger';

/**
 * Heading ids by GitHub's own rules (github-slugger: lower case, punctuation dropped, every space a
 * dash), so `lessons/<slug>.md#<anchor>` lands on the same heading on GitHub and on the site.
 * Repeated headings get -1, -2, … from markdown-it-anchor, as GitHub numbers them.
 */
export function slugifyHeading(text: string): string {
  return githubSlug(text);
}

export function createLessonMarkdown() {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  type Plugin = Parameters<typeof md.use>[0];
  // The plugin ships CommonJS; depending on the loader its function is the module or its default.
  const katex = (katexPlugin as unknown as { default?: Plugin }).default ?? (katexPlugin as unknown as Plugin);
  md.use(katex, { throwOnError: false });
  md.use(anchor, { slugify: slugifyHeading, tabIndex: false });
  return md;
}

/** Every heading anchor a lesson defines. */
export function lessonAnchors(markdown: string): Set<string> {
  const md = createLessonMarkdown();
  const ids = new Set<string>();
  for (const token of md.parse(markdown, {})) {
    const id = token.type === 'heading_open' ? token.attrGet('id') : null;
    if (id) ids.add(String(id));
  }
  return ids;
}
