/**
 * After one visit the page works with no network: the service worker has cached the page,
 * its worker and the wasm. And it can be installed: a manifest with a name, a start URL and
 * icons Chromium accepts.
 */
import { downloadedBytes, expect, HEAD, openBytes, test } from './fixtures.ts';
import { openSample, runToDone } from './views.ts';
import { readVersions } from '../../src/engine/index.ts';

test('load once, go offline, reload, upgrade the sample', async ({ page, context }) => {
  await page.goto('./');
  // The service worker takes over the first visit (clientsClaim) once it has cached everything.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  });
  await context.setOffline(true);
  try {
    const response = await page.reload();
    expect(response?.fromServiceWorker(), 'the page came from the service worker').toBe(true);
    await expect(page.getByRole('heading', { name: 'Upgrade an Entropy database' })).toBeVisible();
    await openSample(page);
    await runToDone(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download upgraded database' }).click()]);
    const db = await openBytes(await downloadedBytes(download));
    expect(readVersions(db)).toEqual([HEAD]);
    db.close();
  } finally {
    await context.setOffline(false);
  }
});

test('the page is installable: a manifest with name, start URL, standalone display and icons', async ({ page, request }) => {
  await page.goto('./');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifestUrl = new URL(href!, page.url());
  const manifest = await (await request.get(manifestUrl.href)).json();
  expect(manifest).toMatchObject({ name: 'Upgrade an Entropy database', start_url: './', display: 'standalone' });
  const sizes = (manifest.icons as { src: string; sizes: string; type: string }[]).map((i) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons as { src: string; type: string }[]) {
    const response = await request.get(new URL(icon.src, manifestUrl).href);
    expect(response.ok(), icon.src).toBe(true);
    expect(response.headers()['content-type']).toContain(icon.type);
  }
});
