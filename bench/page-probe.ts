/**
 * Runs inside the page before its own scripts (Playwright's addInitScript): marks when the
 * file is chosen, when the Upgrade button is ready, when it is clicked (or the question about
 * the database alone answered) and when the download link appears; collects 'longtask' entries and the longest gap between 10 ms timer ticks
 * (which also sees blocks shorter than the 50 ms a longtask needs).
 * It is plain JavaScript text: a function's source would carry the TypeScript loader's
 * helpers (e.g. __name), which do not exist in the page.
 */
export interface ProbeResult {
  readonly marks: Partial<Record<'chosen' | 'ready' | 'clicked' | 'done', number>>;
  readonly longtasks: readonly { readonly start: number; readonly duration: number }[];
  readonly gaps: readonly { readonly end: number; readonly gap: number }[];
}

export const PROBE_SCRIPT = String.raw`(() => {
  const probe = { marks: {}, longtasks: [], gaps: [] };
  window.__benchProbe = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longtasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 15) probe.gaps.push({ end: now, gap: now - last });
    last = now;
  }, 10);
  const isUpgrade = (el) => el instanceof HTMLButtonElement && el.textContent.trim() === 'Upgrade';
  document.addEventListener('change', (event) => {
    if (event.target && event.target.type === 'file') probe.marks.chosen = performance.now();
  }, true);
  // For a database opened alone the page asks first; the run starts at the answer.
  const isAlone = (el) => el instanceof HTMLButtonElement && el.textContent.trim() === 'Upgrade the database alone';
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (isUpgrade(button) || isAlone(button)) probe.marks.clicked = performance.now();
  }, true);
  new MutationObserver(() => {
    if (probe.marks.chosen !== undefined && probe.marks.ready === undefined && [...document.querySelectorAll('button')].some((b) => isUpgrade(b) && !b.disabled)) {
      probe.marks.ready = performance.now();
    }
    if (probe.marks.clicked !== undefined && probe.marks.done === undefined && [...document.querySelectorAll('a[download]')].some((a) => a.textContent.includes('Download upgraded database'))) {
      probe.marks.done = performance.now();
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
})();`;
