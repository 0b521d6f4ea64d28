import { expect, test } from './web-host.fixture';

test.describe('web host', () => {
  test('refuses HTTP requests without the launch token', async ({ webHost, request }) => {
    const bare = await request.get(`${webHost.origin}/`);
    expect(bare.status()).toBe(401);
    const wrong = await request.get(`${webHost.origin}/?token=not-the-token`);
    expect(wrong.status()).toBe(401);
    const asset = await request.get(`${webHost.origin}/assets/anything.js`);
    expect(asset.status()).toBe(401);
    const good = await request.get(webHost.url);
    expect(good.status()).toBe(200);
    expect(good.headers()['content-security-policy']).toContain("script-src 'self'");
  });

  test('refuses WebSocket upgrades without the token', async ({ webHost, page }) => {
    await page.goto(`${webHost.origin}/does-not-matter`).catch(() => {});
    const outcome = await page.evaluate(async (origin) => {
      return await new Promise<string>((resolve) => {
        const ws = new WebSocket(origin.replace('http', 'ws') + '/ipc');
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      });
    }, webHost.origin);
    expect(outcome).toBe('refused');
  });

  test('serves the app shell and answers over the contract', async ({ webHost, page, pageErrors }) => {
    await page.goto(webHost.url);
    await expect(page.getByTestId('connection')).toHaveText(/Connected/);
    await expect(page.getByTestId('mode-badge')).toHaveText('PAPER');
    // The token leaves the address bar once the page has it.
    expect(page.url()).not.toContain('token=');
    expect(pageErrors).toEqual([]);
  });
});
