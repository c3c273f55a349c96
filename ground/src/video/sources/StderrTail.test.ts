import { describe, expect, it } from 'vitest';
import { StderrTail } from './StderrTail.ts';

describe('StderrTail', () => {
  it('keeps the last lines, joining lines split across chunks', () => {
    const tail = new StderrTail(2);
    tail.push('first\nsec');
    tail.push('ond\n\nthird\nfour');
    expect(tail.text()).toBe('third\nfour');
  });

  it('hides passwords in URLs that ffmpeg quotes', () => {
    const tail = new StderrTail();
    tail.push('rtsp://admin:hunter2@10.0.0.2/live: Connection refused\n');
    expect(tail.text()).toBe('rtsp://admin:***@10.0.0.2/live: Connection refused');
  });

  it('is empty when nothing was written', () => {
    expect(new StderrTail().text()).toBe('');
  });
});
