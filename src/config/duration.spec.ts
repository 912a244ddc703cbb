import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['900', 900],
    ['30s', 30],
    ['15m', 900],
    ['12h', 43_200],
    ['14d', 1_209_600],
  ])('reads %s as %i seconds', (value, seconds) => {
    expect(parseDuration(value)).toBe(seconds);
  });

  it.each(['', '0', '-5m', '1.5h', '15 minutes', '10w', 'm', '99999999999999999999d'])(
    'refuses %j',
    (value) => {
      expect(parseDuration(value)).toBeUndefined();
    },
  );
});
