// axe-core (Deque's accessibility engine, through @axe-core/playwright) on the page as it is
// now: the WCAG 2.0 and 2.1 level A and AA rules. The browser helpers run it on every page a
// test settles on (see settled() in browser.ts), so every page the browser tests visit, with
// whatever dialog or menu the test opened, is checked; a violation fails the test and names
// the rule, the elements and what axe measured.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  nodes: number;
  examples: string[];
}

/** Waits until no CSS transition or animation runs (a dialog fading in has washed-out colours). */
async function still(page: Page): Promise<void> {
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), undefined, { timeout: 2_000 })
    .catch(() => undefined);
}

/** The WCAG A/AA violations axe finds on the page as it is now. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  await still(page);
  // @axe-core/playwright is typed against the playwright package; playwright-core's Page is the same object.
  const result = await new AxeBuilder({ page: page as never }).withTags(WCAG_TAGS).analyze();
  return result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? '',
    help: v.help,
    nodes: v.nodes.length,
    examples: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 220)}`),
  }));
}

export function describeFindings(where: string, findings: AxeFinding[]): string {
  return `axe-core: ${findings.reduce((s, f) => s + f.nodes, 0)} WCAG A/AA violation(s) on ${where}\n` +
    findings.map((f) => `  [${f.impact}] ${f.rule} (${f.nodes}): ${f.help}\n${f.examples.map((e) => `      ${e}`).join('\n')}`).join('\n');
}

/** Fails (throws) when axe finds a WCAG 2.0/2.1 A or AA violation on the page as it is now. */
export async function expectAccessible(page: Page, label?: string): Promise<void> {
  const findings = await axeFindings(page);
  if (findings.length > 0) throw new Error(describeFindings(label ?? new URL(page.url()).pathname + new URL(page.url()).search, findings));
}
