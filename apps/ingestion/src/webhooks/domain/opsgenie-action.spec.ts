import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { opsgenieActionBody } from './opsgenie-action.js';

describe('the body recorded for an Opsgenie close or acknowledge', () => {
  it("keeps the request's user, source and note and adds the path's action and alias", () => {
    const recorded = opsgenieActionBody('close', 'checkout-errors', 'alias', { user: 'm', source: 's', note: 'n', extra: 1 });
    assert.deepEqual(recorded, { ok: true, body: { user: 'm', source: 's', note: 'n', opsgenieAction: 'close', alias: 'checkout-errors' } });
    assert.deepEqual(opsgenieActionBody('acknowledge', 'a', undefined, undefined), { ok: true, body: { opsgenieAction: 'acknowledge', alias: 'a' } });
  });

  it('refuses other actions and identifier types, naming what Herald supports', () => {
    const cases = [
      { action: 'snooze', type: 'alias', code: 'INVALID_REQUEST' },
      { action: 'close', type: 'id', code: 'INVALID_BODY' },
      { action: 'close', type: 'tiny', code: 'INVALID_BODY' },
    ];
    for (const { action, type, code } of cases) {
      const recorded = opsgenieActionBody(action, 'a', type, {});
      assert.equal(recorded.ok, false);
      assert.equal(!recorded.ok && recorded.code, code, `${action} ${type}`);
    }
  });
});
