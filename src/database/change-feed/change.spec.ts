import { type Change, parseChange, serializeChange } from './change.js';

describe('changes as the feed and the broadcast carry them', () => {
  it.each<Change>([
    { kind: 'sessions-revoked', sessionIds: ['a', 'b'], atMs: 1_767_225_600_000 },
    { kind: 'user-changed', userId: 'c' },
  ])('reads back what it wrote (%o)', (change) => {
    expect(parseChange(serializeChange(change))).toEqual(change);
  });

  it.each([
    'not json',
    'null',
    '{"kind":"sessions-revoked","sessionIds":[1],"atMs":1}',
    '{"kind":"sessions-revoked","sessionIds":["a"]}',
    '{"kind":"user-changed"}',
    '{"kind":"something-else","userId":"c"}',
  ])('ignores what is not a change (%s)', (text) => {
    expect(parseChange(text)).toBeUndefined();
  });
});
