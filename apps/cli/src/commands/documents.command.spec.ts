/**
 * `kyso documents dispatch` names recipients by identification code: a merged commune's old code is delivered to
 * its successor, and the output says so; an unknown code is refused with nothing dispatched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDomain,
  samplePdf,
  type TestDomain,
  type TestOrganisation,
} from '../../../../libs/documents/testing/test-domain';
import { EXIT } from '../cli-error';
import { type CliIo, runCli } from '../program';
import { registerDocuments } from './documents.command';

let t: TestDomain;
let sender: TestOrganisation;
let a: TestOrganisation;
let c: TestOrganisation;
let env: Record<string, string>;

async function kyso(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env };
  const code = await runCli(args, [registerDocuments], io);
  return { code, out: out.join(''), err: err.join('') };
}

async function sealed(subject: string): Promise<string> {
  const draft = await t.services.drafting.create(
    sender.clerk,
    { typeCode: 'cong-van', subject },
    { bytes: samplePdf(subject), fileName: 'cv.pdf' },
  );
  await t.services.drafting.submit(sender.clerk, draft.id);
  await t.services.versions.addVersion(
    sender.leader,
    draft.id,
    { bytes: samplePdf(`${subject} signed`), fileName: 'da-ky.pdf' },
    'signed',
  );
  await t.services.drafting.sign(sender.leader, draft.id);
  await t.services.issuing.issue(sender.clerk, draft.id);
  await t.services.issuing.seal(sender.clerk, draft.id);
  return draft.id;
}

const username = async (actor: { userId: string }) =>
  (await t.services.users.get(t.sysadmin, actor.userId)).username;

beforeAll(async () => {
  // The CLI runs on the wall clock: so does this installation, and A merges into C today.
  const now = new Date();
  t = await createTestDomain({ now: new Date(now.getTime() - 40 * 86_400_000).toISOString() });
  sender = await t.organisation('UBND', 'UBND xã Gửi');
  a = await t.organisation('UBND', 'UBND xã A');
  c = await t.organisation('UBND', 'UBND xã C');
  t.clock.set(now);
  const today = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
  await t.services.lineage.recordMerge(t.sysadmin, { from: [a.id], into: c.id, effectiveDate: today });
  const file = (t.ds.options as { database: string }).database;
  env = { DATABASE_URL: `sqlite:${file}`, KYSO_DATA_DIR: t.blobDir.replace(/\/blobs$/, '') };
});
afterAll(() => t.close());

describe('kyso documents dispatch', () => {
  it('delivers to the successor of a merged commune named by its old code, and says so', async () => {
    const aCode = (await t.services.organisations.get(t.sysadmin, a.id)).code!;
    const id = await sealed('Gửi xã A bằng dòng lệnh');
    const r = await kyso(
      'documents',
      'dispatch',
      id,
      '--as',
      await username(sender.clerk),
      '--to-code',
      aCode,
    );
    expect(r.code, r.err).toBe(EXIT.OK);
    expect(r.out).toContain(
      `→ UBND xã C (gửi / addressed to UBND xã A ${aCode} → chuyển / routed, merged-into`,
    );
    const inbox = await t.services.queries.search(c.clerk, { direction: 'incoming', status: '01' });
    expect(inbox.items.some((d) => d.sourceDocumentId === id)).toBe(true);
  });

  it('refuses an unknown code and dispatches nothing', async () => {
    const id = await sealed('Gửi mã lạ bằng dòng lệnh');
    const r = await kyso(
      'documents',
      'dispatch',
      id,
      '--as',
      await username(sender.clerk),
      '--to-code',
      '000.00.99.H98',
    );
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain('mã định danh');
    expect((await t.services.queries.get(sender.clerk, id)).status).toBe('sealed');
  });
});
