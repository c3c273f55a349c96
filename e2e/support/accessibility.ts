import type { Page } from 'playwright-core';
import { inPageFunctions, type AccessibilityOffender, type AuditOptions } from './accessibilityAudit.ts';

export type { AccessibilityOffender } from './accessibilityAudit.ts';

/**
 * Checks what the page shows now: every button, input, select and link has an accessible name,
 * and every visible text has at least `minContrast` (default 4.5:1) against what is behind it.
 * Returns the offenders (empty when all is well); `describeOffenders` makes a failure message.
 *
 * The audit runs in the page, sent as source text: a function passed to page.evaluate from a
 * test would carry the test compiler's `__name()` helper calls, which the page does not have
 * (the one-line stand-in below keeps them harmless).
 */
export async function checkAccessibility(page: Page, options: Partial<AuditOptions> = {}): Promise<AccessibilityOffender[]> {
  const settings: AuditOptions = { minContrast: 4.5, ...options };
  const source = `(() => {
    const __name = (target) => target;
    ${inPageFunctions.map((fn) => fn.toString()).join('\n')}
    return auditAccessibility(${JSON.stringify(settings)});
  })()`;
  return (await page.evaluate(source)) as AccessibilityOffender[];
}

/** One line per offender: which element, what it says, what to fix. */
export function describeOffenders(offenders: readonly AccessibilityOffender[]): string {
  if (offenders.length === 0) return 'no accessibility problems';
  return `${offenders.length} accessibility problem(s):\n${offenders.map((o) => `  ${o.rule}: ${o.selector} "${o.text}" — ${o.detail}`).join('\n')}`;
}
