// How the flags word a pair's difference in per cent: rounded for reading, but a flagged pair (more than
// the 10% threshold) never reads as 10% or less.
import { percent } from '../web/disagreement-groups';

test.each([
  [0.2531, false, '25%'],
  [0.0537, false, '5.4%'],
  [0.1, false, '10%'],
  [0.29, true, '29%'],
  [0.1049, true, '10.4%'],
  [0.1004, true, '10.04%'],
  [0.100001, true, 'just over 10%'],
  [0.1, true, 'just over 10%'],
] as const)('%d (flagged: %s) reads %s', (ratio, flagged, words) => {
  expect(percent(ratio, flagged)).toBe(words);
});
