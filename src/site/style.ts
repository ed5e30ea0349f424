/** The lesson site's one stylesheet: readable prose, wide maths that scrolls, figures that fit. */
export const SITE_CSS = `
:root {
  --text: #1d2330; --muted: #5b6475; --accent: #2456c7; --line: #dfe3ea; --soft: #f5f7fb; --ok: #177245;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { font-size: 17px; }
body {
  margin: 0; color: var(--text); background: #fff;
  font-family: "Source Serif Pro", Georgia, "DejaVu Serif", serif; line-height: 1.6;
}
header.site, footer.site {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; font-size: 0.9rem;
}
header.site { border-bottom: 1px solid var(--line); background: var(--soft); }
header.site .inner, footer.site .inner, main { max-width: 46rem; margin: 0 auto; padding: 0 1.25rem; }
header.site .inner { display: flex; gap: 1rem; align-items: baseline; padding-top: 0.7rem; padding-bottom: 0.7rem; }
header.site a.course { font-weight: 600; color: var(--text); text-decoration: none; }
header.site .where { color: var(--muted); margin-left: auto; white-space: nowrap; }
main { padding-top: 1.5rem; padding-bottom: 2rem; }
h1, h2, h3 { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; line-height: 1.25; }
h1 { font-size: 1.9rem; margin: 0.5rem 0 1.25rem; }
h2 { font-size: 1.35rem; margin-top: 2.2rem; padding-top: 0.3rem; border-top: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin-top: 1.6rem; }
h1 .anchor, h2 .anchor, h3 .anchor { visibility: hidden; margin-left: 0.35rem; color: var(--muted); text-decoration: none; font-weight: 400; }
h1:hover .anchor, h2:hover .anchor, h3:hover .anchor { visibility: visible; }
:target { scroll-margin-top: 1rem; }
h2:target, h3:target { background: linear-gradient(90deg, #fff6d6, transparent 70%); }
a { color: var(--accent); }
code { font-family: "JetBrains Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.88em; background: var(--soft); padding: 0.05em 0.3em; border-radius: 3px; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem; overflow-x: auto; line-height: 1.45; }
pre code { background: none; padding: 0; font-size: 0.85rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.95rem; }
th, td { border: 1px solid var(--line); padding: 0.35rem 0.7rem; text-align: left; }
th { background: var(--soft); }
img { max-width: 100%; height: auto; display: block; margin: 1.2rem auto; }
.katex-display { overflow-x: auto; overflow-y: hidden; padding: 0.2rem 0; }
blockquote { margin: 1rem 0; padding: 0.2rem 1rem; border-left: 4px solid var(--line); color: var(--muted); }
section.exercise {
  margin-top: 2.5rem; padding: 1rem 1.25rem; border: 2px solid var(--accent); border-radius: 8px; background: #f3f6ff;
}
section.exercise h2 { margin-top: 0.2rem; border-top: none; padding-top: 0; }
section.exercise .points { color: var(--muted); font-size: 0.9rem; }
details summary { cursor: pointer; color: var(--accent); }
nav.pager { display: flex; justify-content: space-between; gap: 1rem; margin-top: 2.5rem; padding-top: 1rem; border-top: 1px solid var(--line);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; font-size: 0.95rem; }
nav.pager a { text-decoration: none; }
nav.pager .next { margin-left: auto; text-align: right; }
ol.units { padding-left: 0; list-style: none; }
ol.units li { padding: 0.8rem 0; border-bottom: 1px solid var(--line); }
ol.units .number { font-family: system-ui, sans-serif; color: var(--muted); margin-right: 0.5rem; }
ol.units a { font-size: 1.1rem; font-weight: 600; text-decoration: none; }
ol.units .concepts { color: var(--muted); font-size: 0.9rem; }
footer.site { color: var(--muted); border-top: 1px solid var(--line); padding: 1rem 0 2rem; }
`;
