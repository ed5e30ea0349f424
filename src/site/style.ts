/**
 * The lesson site's one stylesheet: readable prose on a phone and a desktop, light and dark (the
 * reader's `prefers-color-scheme`), wide tables and maths that scroll inside their own region with
 * a shadow at the edge that has more, figures that fit, and the live figures' controls.
 */
export const SITE_CSS = `
:root {
  --text: #1d2330; --muted: #5b6475; --accent: #2456c7; --line: #dfe3ea; --soft: #f5f7fb; --ok: #177245;
  --bg: #ffffff; --card: #f3f6ff; --target: #fff6d6; --shadow: rgba(20, 30, 50, 0.22); --warn: #9a4a00;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --text: #e6e9ef; --muted: #a9b1be; --accent: #8ab4ff; --line: #343b47; --soft: #1d232c; --ok: #5fd38d;
    --bg: #12161c; --card: #18202c; --target: #3a3413; --shadow: rgba(0, 0, 0, 0.6); --warn: #ffb86b;
  }
}
* { box-sizing: border-box; }
html { font-size: 17px; -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--text); background: var(--bg);
  font-family: "Source Serif Pro", Georgia, "DejaVu Serif", serif; line-height: 1.6;
  overflow-wrap: break-word;
}
header.site, footer.site, nav.toc, .live-figure {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; font-size: 0.9rem;
}
header.site { border-bottom: 1px solid var(--line); background: var(--soft); }
header.site .inner, footer.site .inner, main { max-width: 46rem; margin: 0 auto; padding: 0 1.25rem; }
header.site .inner { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; align-items: baseline; padding-top: 0.7rem; padding-bottom: 0.7rem; }
header.site a.course { font-weight: 600; color: var(--text); text-decoration: none; }
header.site .where { color: var(--muted); margin-left: auto; white-space: nowrap; }
main { padding-top: 1.5rem; padding-bottom: 2rem; }
h1, h2, h3 { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; line-height: 1.25; }
h1 { font-size: 1.9rem; margin: 0.5rem 0 1.25rem; }
h2 { font-size: 1.35rem; margin-top: 2.2rem; padding-top: 0.3rem; border-top: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin-top: 1.6rem; }
h1 .anchor, h2 .anchor, h3 .anchor { opacity: 0; margin-left: 0.35rem; color: var(--muted); text-decoration: none; font-weight: 400; }
h1:hover .anchor, h2:hover .anchor, h3:hover .anchor, .anchor:focus { opacity: 1; }
@media (hover: none) { h2 .anchor, h3 .anchor { opacity: 0.5; } }
:target { scroll-margin-top: 1rem; }
h2:target, h3:target { background: linear-gradient(90deg, var(--target), transparent 70%); }
a { color: var(--accent); }
code { font-family: "JetBrains Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.88em; background: var(--soft); padding: 0.05em 0.3em; border-radius: 3px; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem; overflow-x: auto; line-height: 1.45; }
pre code { background: none; padding: 0; font-size: 0.85rem; }
/* A wide table or equation scrolls inside its region; the shadows say there is more to one side. */
.wide {
  overflow-x: auto; overflow-y: hidden; margin: 1rem 0; max-width: 100%;
  background:
    linear-gradient(to right, var(--bg) 30%, transparent) left / 2rem 100% no-repeat local,
    linear-gradient(to left, var(--bg) 30%, transparent) right / 2rem 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, var(--shadow), transparent) left / 0.8rem 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, var(--shadow), transparent) right / 0.8rem 100% no-repeat scroll;
}
.wide:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.wide.scrolls::after { content: "scroll sideways for the rest →"; display: block; position: sticky; left: 0; font: 0.75rem system-ui, sans-serif; color: var(--muted); padding-top: 0.15rem; }
.wide.math .katex-block { margin: 0; }
.wide table { margin: 0; }
.katex-display { margin: 0.6rem 0; overflow: visible; }
.katex { color: inherit; }
.nowrap { white-space: nowrap; }
table { border-collapse: collapse; font-size: 0.95rem; }
th, td { border: 1px solid var(--line); padding: 0.35rem 0.7rem; text-align: left; }
th { background: var(--soft); }
img, picture { max-width: 100%; height: auto; display: block; margin: 1.2rem auto; }
picture img { margin: 0 auto; }
blockquote { margin: 1rem 0; padding: 0.2rem 1rem; border-left: 4px solid var(--line); color: var(--muted); }
nav.toc { margin: 0 0 1.5rem; padding: 0.5rem 1rem; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); }
nav.toc summary { font-weight: 600; }
nav.toc ol { margin: 0.4rem 0 0.2rem; padding-left: 1.4rem; columns: 2 16rem; column-gap: 2rem; }
nav.toc li { break-inside: avoid; padding: 0.1rem 0; }
nav.toc a { text-decoration: none; }
section.exercise {
  margin-top: 2.5rem; padding: 1rem 1.25rem; border: 2px solid var(--accent); border-radius: 8px; background: var(--card);
}
section.exercise h2 { margin-top: 0.2rem; border-top: none; padding-top: 0; }
section.exercise .points { color: var(--muted); font-size: 0.9rem; }
details summary { cursor: pointer; color: var(--accent); }
nav.pager { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 1rem; margin-top: 2.5rem; padding-top: 1rem; border-top: 1px solid var(--line);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; font-size: 0.95rem; }
nav.pager a { text-decoration: none; }
nav.pager .next { margin-left: auto; text-align: right; }
ol.units { padding-left: 0; list-style: none; }
ol.units li { padding: 0.8rem 0; border-bottom: 1px solid var(--line); }
ol.units .number { font-family: system-ui, sans-serif; color: var(--muted); margin-right: 0.5rem; }
ol.units a { font-size: 1.1rem; font-weight: 600; text-decoration: none; }
ol.units .concepts { color: var(--muted); font-size: 0.9rem; }
footer.site { color: var(--muted); border-top: 1px solid var(--line); padding: 1rem 0 2rem; }
/* Live figures: controls above, the drawing below, a status line for the learner's own series. */
.live-figure { margin: 1.5rem 0; padding: 0.75rem; border: 1px solid var(--line); border-radius: 8px; background: var(--soft); }
.live-figure .controls { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; margin-bottom: 0.5rem; }
.live-figure label { display: flex; align-items: center; gap: 0.4rem; }
.live-figure input[type=range] { width: 9rem; accent-color: var(--accent); }
.live-figure output { font-variant-numeric: tabular-nums; min-width: 3.5rem; }
.live-figure select { font: inherit; color: var(--text); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; }
.live-figure .drawing svg { display: block; width: 100%; height: auto; }
.live-figure .readout { margin: 0.3rem 0 0; color: var(--muted); }
.live-figure .yours { margin: 0.3rem 0 0; }
.live-figure .yours[data-state=error], .live-figure .yours[data-state=timeout] { color: var(--warn); }
.live-figure .yours[data-state=ok] { color: var(--ok); }
@media (max-width: 560px) {
  html { font-size: 16px; }
  header.site .inner, footer.site .inner, main { padding: 0 0.9rem; }
  h1 { font-size: 1.6rem; }
  section.exercise { padding: 0.8rem; }
  .live-figure { padding: 0.5rem; margin-left: -0.4rem; margin-right: -0.4rem; }
}
`;

/**
 * The page script every page loads (a classic script, so the site also works opened from disk): a
 * wide region (table, equation, code) that really scrolls becomes a focusable region with a name of
 * its own, so a keyboard can scroll it too.
 */
export const SITE_JS = `
(function () {
  function mark() {
    var count = {};
    document.querySelectorAll('.wide, pre').forEach(function (region) {
      var scrolls = region.scrollWidth > region.clientWidth + 1;
      var kind = region.getAttribute('data-kind') || 'Code';
      count[kind] = (count[kind] || 0) + 1;
      region.classList.toggle('scrolls', scrolls);
      if (scrolls) {
        region.setAttribute('tabindex', '0');
        region.setAttribute('role', 'region');
        region.setAttribute('aria-label', kind + ' ' + count[kind] + ' (scrolls sideways)');
      } else {
        region.removeAttribute('tabindex');
        region.removeAttribute('role');
        region.removeAttribute('aria-label');
      }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mark);
  else mark();
  window.addEventListener('resize', mark);
  if (document.fonts) document.fonts.ready.then(mark);
})();
`;
