import { describe, expect, it } from 'vitest';
import { colorToHex, compositeColor, contrastRatio, parseCssColor, type Rgba } from './accessibilityAudit.ts';

const white: Rgba = [255, 255, 255, 1];
const black: Rgba = [0, 0, 0, 1];

describe('the colour arithmetic of the accessibility audit', () => {
  it('reads the colours browsers compute', () => {
    expect(parseCssColor('rgb(11, 15, 20)')).toEqual([11, 15, 20, 1]);
    expect(parseCssColor('rgba(0, 0, 0, 0.6)')).toEqual([0, 0, 0, 0.6]);
    expect(parseCssColor('rgb(0 0 0 / 60%)')).toEqual([0, 0, 0, 0.6]);
    expect(parseCssColor('#2f81f7')).toEqual([47, 129, 247, 1]);
    expect(parseCssColor('transparent')?.[3]).toBe(0);
    expect(parseCssColor('oklch(0.7 0.1 200)')).toBeNull();
  });

  it('gives the WCAG contrast ratios', () => {
    expect(contrastRatio(black, white)).toBeCloseTo(21, 5);
    expect(contrastRatio(white, white)).toBeCloseTo(1, 5);
    // #767676 on white is the classic just-passing grey; #777777 just fails.
    expect(contrastRatio([0x76, 0x76, 0x76, 1], white)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio([0x77, 0x77, 0x77, 1], white)).toBeLessThan(4.5);
    // White on the old button blue: the failure the audit found.
    expect(contrastRatio(white, [0x2f, 0x81, 0xf7, 1])).toBeLessThan(4.5);
  });

  it('fades translucent text and backgrounds into what is behind them', () => {
    expect(compositeColor([0, 0, 0, 0.6], white).map(Math.round)).toEqual([102, 102, 102, 1]);
    // Half-transparent white text on black is mid-grey text: much less contrast than solid white.
    expect(contrastRatio([255, 255, 255, 0.5], black)).toBeLessThan(contrastRatio(white, black) / 3);
    expect(colorToHex([255, 0, 16, 1])).toBe('#ff0010');
  });
});
