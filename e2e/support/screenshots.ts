import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Where browser tests leave pictures of what they saw (git-ignored). */
export const artifactsDir = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** Saves what the page shows now (its viewport, as the person sees it) as e2e/artifacts/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await fs.mkdir(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
