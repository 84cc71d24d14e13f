// A change of 0 points, as written on the card, has no arrow whichever side of zero the
// unrounded figure fell; every other change points the way its sign is written.
import { describe, expect, it } from 'vitest';
import { changeDirection, formatChange } from './dashboard-format.ts';

describe('changeDirection', () => {
  it('shows no arrow for a change written as 0 points, however it rounded there', () => {
    for (const points of [0, -0, 0.04, -0.04, 0.049, -0.049, 1e-9, -1e-9]) {
      expect(formatChange(points), String(points)).toBe('0 điểm %');
      expect(changeDirection(points), String(points)).toBe('none');
    }
  });

  it('points up or down as the sign is written', () => {
    expect([formatChange(0.06), changeDirection(0.06)]).toEqual(['+0,1 điểm %', 'up']);
    expect([formatChange(-0.06), changeDirection(-0.06)]).toEqual(['-0,1 điểm %', 'down']);
    expect(changeDirection(12.5)).toBe('up');
    expect(changeDirection(-3)).toBe('down');
    expect(changeDirection(null)).toBe('none');
  });
});
