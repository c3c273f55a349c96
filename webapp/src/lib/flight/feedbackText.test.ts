import { describe, expect, it } from 'vitest';
import { feedbackText } from './feedbackText.ts';

describe('the last command in words', () => {
  it('says sending, done, or refused with the reason', () => {
    expect(feedbackText({ label: 'Land', state: 'pending', message: '' })).toBe('Land: sending…');
    expect(feedbackText({ label: 'Land', state: 'done', message: 'landing' })).toBe('Land: done');
    expect(feedbackText({ label: 'Sticks', state: 'refused', message: 'take off first' })).toBe('Sticks: refused — take off first');
  });
});
