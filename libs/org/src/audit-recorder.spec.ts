import { describe, expect, it } from 'vitest';
import { auditEvent, documentEvent } from './audit-recorder';

describe('audit event constructors', () => {
  it('auditEvent spells out the fields the audit hash covers', () => {
    expect(
      auditEvent('user.created', {
        chain: 'org-1',
        actor: 'u-1',
        entity: { type: 'user', id: 'u-2' },
        data: { username: 'lan' },
      }),
    ).toEqual({
      chainId: 'org-1',
      actorId: 'u-1',
      action: 'user.created',
      entityType: 'user',
      entityId: 'u-2',
      data: { username: 'lan' },
    });
  });

  it('auditEvent without data records an empty object', () => {
    expect(
      auditEvent('auth.login', { chain: 'system', actor: null, entity: { type: 'user', id: 'u' } }).data,
    ).toEqual({});
  });

  it("documentEvent joins the chain of the document's organisation", () => {
    expect(documentEvent({ id: 'd-1', organisationId: 'org-9' }, null, 'incoming.arrived', { n: 1 })).toEqual(
      {
        chainId: 'org-9',
        actorId: null,
        action: 'incoming.arrived',
        entityType: 'document',
        entityId: 'd-1',
        data: { n: 1 },
      },
    );
  });
});
