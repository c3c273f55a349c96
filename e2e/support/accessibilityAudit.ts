/**
 * The accessibility audit that runs inside the page (see accessibility.ts, which sends it there).
 *
 * Every function here is sent to the browser as its source text, so each may use only the
 * others in this file, by name, and nothing imported. Colours are [r, g, b, a] with r, g, b in
 * 0-255 and a in 0-1.
 */

export type Rgba = [number, number, number, number];

export interface AuditOptions {
  /** The least contrast allowed for any text (WCAG AA for normal text is 4.5). */
  minContrast: number;
}

export interface AccessibilityOffender {
  rule: 'name' | 'contrast';
  /** A CSS selector that finds the element (anchored at the nearest data-testid). */
  selector: string;
  /** The element's text, shortened. */
  text: string;
  /** What is wrong, with the numbers. */
  detail: string;
}

/** Parses the colours getComputedStyle and a canvas's fillStyle give back: rgb(), rgba(), #rrggbb. */
export function parseCssColor(value: string): Rgba | null {
  const text = value.trim().toLowerCase();
  if (text === 'transparent') return [0, 0, 0, 0];
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})?$/.exec(text);
  if (hex) return [parseInt(hex[1] ?? '0', 16), parseInt(hex[2] ?? '0', 16), parseInt(hex[3] ?? '0', 16), hex[4] ? parseInt(hex[4], 16) / 255 : 1];
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+)(%?))?\s*\)$/.exec(text);
  if (!rgb) return null;
  let alpha = rgb[4] === undefined ? 1 : Number(rgb[4]);
  if (rgb[5] === '%') alpha /= 100;
  return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), alpha];
}

/** `top` drawn over `bottom` (source-over). */
export function compositeColor(top: Rgba, bottom: Rgba): Rgba {
  const alpha = top[3] + bottom[3] * (1 - top[3]);
  if (alpha === 0) return [0, 0, 0, 0];
  const mix = (i: 0 | 1 | 2): number => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / alpha;
  return [mix(0), mix(1), mix(2), alpha];
}

/** WCAG relative luminance of an opaque sRGB colour. */
export function relativeLuminance(color: Rgba): number {
  const linear = (channel: number): number => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(color[0]) + 0.7152 * linear(color[1]) + 0.0722 * linear(color[2]);
}

/** WCAG contrast ratio (1-21) of a text colour (may be translucent) over an opaque background. */
export function contrastRatio(text: Rgba, background: Rgba): number {
  const shown = compositeColor(text, background);
  const a = relativeLuminance(shown);
  const b = relativeLuminance(background);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

export function colorToHex(color: Rgba): string {
  const hex = color
    .slice(0, 3)
    .map((c) => Math.round(c).toString(16).padStart(2, '0'))
    .join('');
  return `#${hex}${color[3] < 1 ? Math.round(color[3] * 255).toString(16).padStart(2, '0') : ''}`;
}

/** Runs in the page: every control has an accessible name and all visible text has enough contrast. */
export function auditAccessibility(options: AuditOptions): AccessibilityOffender[] {
  const offenders: AccessibilityOffender[] = [];
  // An open modal dialog makes everything else inert: only what it shows counts.
  const root: Element = document.querySelector('dialog[open]:modal') ?? document.body;

  const canvas = document.createElement('canvas').getContext('2d');
  /** Any CSS colour (oklch, color-mix, ...) as sRGB numbers, through the canvas's own parser. */
  const colorOf = (css: string): Rgba => {
    const direct = parseCssColor(css);
    if (direct || !canvas) return direct ?? [0, 0, 0, 1];
    canvas.fillStyle = '#000';
    canvas.fillStyle = css;
    return parseCssColor(String(canvas.fillStyle)) ?? [0, 0, 0, 1];
  };

  const selectorOf = (element: Element): string => {
    const steps: string[] = [];
    for (let node: Element | null = element; node && node !== document.documentElement; node = node.parentElement) {
      const testId = node.getAttribute('data-testid');
      if (testId) {
        steps.unshift(`[data-testid="${testId}"]`);
        break;
      }
      if (node.id) {
        steps.unshift(`#${node.id}`);
        break;
      }
      const parent: Element | null = node.parentElement;
      const tag = node.tagName.toLowerCase();
      const same = parent ? Array.from(parent.children).filter((c) => c.tagName === node?.tagName) : [];
      steps.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(node) + 1})` : tag);
    }
    return steps.join(' > ');
  };

  const shorten = (text: string): string => {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
  };

  const isVisible = (element: Element): boolean => {
    if (element.getClientRects().length === 0) return false;
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    const style = getComputedStyle(element);
    return style.visibility !== 'hidden' && style.opacity !== '0';
  };

  /** The text a control's content gives it, as a screen reader reads it (aria-hidden parts left out). */
  const contentName = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
    if (!(node instanceof Element)) return '';
    if (node.getAttribute('aria-hidden') === 'true') return '';
    const label = node.getAttribute('aria-label')?.trim();
    if (label) return label;
    if (node instanceof HTMLImageElement) return node.alt;
    if (node instanceof HTMLInputElement || node instanceof HTMLSelectElement || node instanceof HTMLTextAreaElement) return '';
    return Array.from(node.childNodes).map(contentName).join(' ');
  };

  const accessibleName = (element: Element): string => {
    const labelledBy = element.getAttribute('aria-labelledby');
    if (labelledBy) {
      const text = labelledBy
        .split(/\s+/)
        .map((id) => document.getElementById(id))
        .map((e) => (e ? contentName(e) : ''))
        .join(' ')
        .trim();
      if (text) return text;
    }
    const label = element.getAttribute('aria-label')?.trim();
    if (label) return label;
    if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement) {
      const fromLabels = Array.from(element.labels ?? [])
        .map(contentName)
        .join(' ')
        .trim();
      if (fromLabels) return fromLabels;
      if (element instanceof HTMLInputElement && ['button', 'submit', 'reset'].includes(element.type) && element.value.trim()) return element.value.trim();
      if (element instanceof HTMLInputElement && element.type === 'image' && element.alt.trim()) return element.alt.trim();
    } else {
      const text = contentName(element).trim();
      if (text) return text;
    }
    return element.getAttribute('title')?.trim() ?? '';
  };

  const controls = root.querySelectorAll(
    'button, input:not([type="hidden"]), select, textarea, a[href], [role="button"], [role="link"], [role="checkbox"], [role="switch"], [role="tab"], [role="slider"]',
  );
  for (const control of Array.from(controls)) {
    if (!isVisible(control)) continue;
    if (accessibleName(control)) continue;
    offenders.push({
      rule: 'name',
      selector: selectorOf(control),
      text: shorten(control.outerHTML),
      detail: `<${control.tagName.toLowerCase()}> has no accessible name: give it visible text, a <label>, aria-label or aria-labelledby`,
    });
  }

  /** Product of the element's and its ancestors' opacity: it fades text and backgrounds alike. */
  const opacityOf = (element: Element): number => {
    let opacity = 1;
    for (let node: Element | null = element; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
    return opacity;
  };

  const media = Array.from(root.querySelectorAll('video, canvas, img')).filter(isVisible);
  /** A picture (video, canvas, image) under this element that isn't one of its ancestors' children laid out beside it. */
  const pictureUnder = (element: Element, within: Element): boolean => {
    const rect = element.getBoundingClientRect();
    return media.some((m) => {
      if (!within.contains(m) || m.contains(element)) return false;
      const r = m.getBoundingClientRect();
      return r.left < rect.right && r.right > rect.left && r.top < rect.bottom && r.bottom > rect.top;
    });
  };

  /**
   * What is behind the element's text: its own and its ancestors' backgrounds, down to the first
   * opaque one. Over a picture (the video, a thumbnail) the layers so far are all there is, so
   * the text is judged over both a black and a white picture.
   */
  const backgroundsOf = (element: Element): Rgba[] => {
    const layers: Rgba[] = [];
    for (let node: Element | null = element; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      const color = colorOf(style.backgroundColor);
      const alpha = color[3] * opacityOf(node);
      if (alpha > 0) layers.push([color[0], color[1], color[2], alpha]);
      if (alpha >= 1) return [layers.reduceRight((below, layer) => compositeColor(layer, below))];
      const parent: Element | null = node.parentElement;
      if (parent && style.position !== 'static' && pictureUnder(node, parent)) {
        return ([[0, 0, 0, 1], [255, 255, 255, 1]] as Rgba[]).map((picture) => layers.reduceRight((below, layer) => compositeColor(layer, below), picture));
      }
    }
    // Nothing opaque all the way up: the browser's white canvas.
    return [layers.reduceRight((below, layer) => compositeColor(layer, below), [255, 255, 255, 1] as Rgba)];
  };

  const textBearing = Array.from(root.querySelectorAll('*')).filter((element) => {
    if (element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement) return true;
    if (element instanceof HTMLInputElement) return ['text', 'number', 'search', 'email', 'url', 'tel', 'password', ''].includes(element.type);
    if (element instanceof HTMLOptionElement || element.closest('svg')) return false;
    return Array.from(element.childNodes).some((child) => child.nodeType === Node.TEXT_NODE && (child.textContent ?? '').trim() !== '');
  });
  for (const element of textBearing) {
    if (!isVisible(element)) continue;
    const fade = opacityOf(element);
    const text = colorOf(getComputedStyle(element).color);
    const shown: Rgba = [text[0], text[1], text[2], text[3] * fade];
    for (const background of backgroundsOf(element)) {
      const ratio = contrastRatio(shown, background);
      if (ratio >= options.minContrast) continue;
      const words = element instanceof HTMLSelectElement || element instanceof HTMLInputElement ? element.value : (element.textContent ?? '');
      offenders.push({
        rule: 'contrast',
        selector: selectorOf(element),
        text: shorten(words),
        detail: `contrast ${ratio.toFixed(2)}:1 (${colorToHex(shown)} on ${colorToHex(background)}), needs ${options.minContrast}:1`,
      });
      break;
    }
  }
  return offenders;
}

/** Everything the page needs, in the order it must be declared there. */
export const inPageFunctions = [parseCssColor, compositeColor, relativeLuminance, contrastRatio, colorToHex, auditAccessibility];
