import { describe, expect, it } from 'vitest';
import { signingSentence } from './sign-request.handler';

const tbsHash = 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg';

describe('signingSentence', () => {
  it('names the document, its number and symbol, and the hash the token signs', () => {
    const doc = {
      id: 'd',
      title: 'Quyết định thành lập tổ công tác',
      numberSymbol: '15/QĐ-UBND',
      version: 1,
    };
    expect(signingSentence({ doc, tbsHash })).toBe(
      `Ký văn bản Quyết định thành lập tổ công tác (15/QĐ-UBND) — SHA-256 ${tbsHash}`,
    );
    expect(signingSentence({ doc: { id: 'd', title: 'Tờ trình', version: 1 }, tbsHash })).toBe(
      `Ký văn bản Tờ trình — SHA-256 ${tbsHash}`,
    );
  });

  it('neutralises control characters a crafted title could use to rewrite the console line', () => {
    const doc = { id: 'd', title: 'A\u001b[2K\rKý văn bản khác\u202e', version: 1 };
    const line = signingSentence({ doc, tbsHash });
    expect(line).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(line.startsWith('Ký văn bản A ')).toBe(true);
  });
});
