import { decodeCursor, encodeCursor } from './user-cursor.js';

describe('page cursors', () => {
  it('round-trips a username key', () => {
    expect(decodeCursor(encodeCursor('alice.b-2'))).toBe('alice.b-2');
  });

  it.each(['', '!!!', 'not base64 at all', encodeCursor('UPPER'), encodeCursor("x' OR 1=1")])(
    'refuses %j',
    (cursor) => {
      expect(decodeCursor(cursor)).toBeUndefined();
    },
  );
});
