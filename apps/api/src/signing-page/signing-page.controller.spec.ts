import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningPageModule } from './signing-page.module';

let app: INestApplication;
let base: string;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [SigningPageModule.forRoot({ agentUrl: 'http://127.0.0.1:9999' })],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
});

afterAll(async () => {
  await app.close();
});

describe('GET /sign/:documentId', () => {
  it('serves the Vietnamese page with the document id and agent URL, under a strict CSP', async () => {
    const res = await fetch(`${base}/sign/doc-42`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:9999");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<meta name="kyso-document-id" content="doc-42" />');
    expect(html).toContain('<meta name="kyso-agent-url" content="http://127.0.0.1:9999" />');
    expect(html).toContain('<label for="pin">Mã PIN của USB token</label>');
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain('href="/agent/download"');
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(html).not.toContain('%DOCUMENT_ID%');
  });

  it('refuses ids that could inject markup', async () => {
    expect((await fetch(`${base}/sign/${encodeURIComponent('"><script>x</script>')}`)).status).toBe(404);
    expect((await fetch(`${base}/sign/${'a'.repeat(200)}`)).status).toBe(404);
  });

  it('serves the script and style with their types, and nothing else from the assets folder', async () => {
    const js = await fetch(`${base}/sign/assets/sign.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toContain("sessionStorage.getItem('kyso.token')");
    const css = await fetch(`${base}/sign/assets/sign.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${base}/sign/assets/sign.html`)).status).toBe(404);
    expect((await fetch(`${base}/sign/assets/..%2Fsigning-page.controller.ts`)).status).toBe(404);
  });
});
