import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** Debian's Chromium: the only browser the tests use (never a downloaded build). */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_HINT = "the end-to-end tests need Debian's Chromium: apt-get install chromium (or bash scripts/system-deps.sh)";

/** A CJK font (Debian `fonts-wqy-microhei`), so screenshots show Chinese text rather than boxes. */
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** The flags every headless run uses (DEVELOPERS' machines and CI alike). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The path of Chromium, installing Debian's `chromium` (and a CJK font) with apt-get when
 * missing and this runs as root. Under CI (`CI` set) a Chromium that cannot be had is an error; outside
 * CI this returns null and the caller skips with CHROMIUM_HINT.
 */
export function ensureChromium(): string | null {
  if (existsSync(CHROMIUM) && existsSync(CJK_FONT)) return CHROMIUM;
  if (process.getuid?.() === 0) {
    try {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      execFileSync('apt-get', ['update', '-qq'], { env, stdio: 'inherit', timeout: 300_000 });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-wqy-microhei'], { env, stdio: 'inherit', timeout: 600_000 });
    } catch (error) {
      if (process.env.CI && !existsSync(CHROMIUM)) throw new Error(`installing chromium failed: ${(error as Error).message}. ${CHROMIUM_HINT}`);
    }
  }
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.env.CI) throw new Error(`${CHROMIUM} not found and could not be installed. ${CHROMIUM_HINT}`);
  return null;
}

/** A headless Chromium context with a fresh profile; `close()` also deletes the profile. */
export interface HeadlessBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium through playwright-core with a throw-away profile
 * (`launchPersistentContext` on a new temp dir), the flags above, a phone-sized viewport
 * and zh-CN.
 */
export async function launchChromium(executablePath: string): Promise<HeadlessBrowser> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'fankui-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timeout: 60_000,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
