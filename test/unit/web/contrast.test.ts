/**
 * The page's colour pairs meet WCAG 2 AA in light and dark mode: 4.5:1 for text, 3:1 for the
 * sparklines and the focus ring. Read from app.css itself, so a colour change is checked.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const css = readFileSync(new URL('../../../../assets/web/app.css', import.meta.url), 'utf8');

function variables(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\b/gi)].map((match) => [match[1]!, match[2]!]));
}

const DARK_START = css.indexOf('@media (prefers-color-scheme: dark)');
const light = variables(css.slice(css.indexOf(':root {'), DARK_START));
const darkBlock = css.slice(DARK_START);
const dark = { ...light, ...variables(darkBlock.slice(0, darkBlock.indexOf('\n}\n'))) };

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

const TEXT: [string, string][] = [
  ['text', 'bg'], ['text', 'surface'], ['text', 'surface-2'],
  ['muted', 'bg'], ['muted', 'surface'], ['muted', 'surface-2'],
  ['ok-fg', 'ok-bg'], ['busy-fg', 'busy-bg'], ['bad-fg', 'bad-bg'], ['idle-fg', 'idle-bg'],
  ['busy-fg', 'surface'], ['bad-fg', 'surface'], ['danger', 'surface'],
  ['log-fg', 'log-bg'], ['mark-fg', 'mark-bg'],
];
const GRAPHICS: [string, string][] = [['accent', 'surface-2'], ['focus', 'surface-2'], ['focus', 'surface'], ['focus', 'bg'], ['accent', 'surface']];

describe('colour contrast (WCAG 2 AA)', () => {
  it('knows the ratio of black on white', () => {
    assert.equal(Math.round(contrast('#000000', '#ffffff') * 10) / 10, 21);
  });

  for (const [mode, palette] of [['light', light], ['dark', dark]] as const) {
    it(`${mode}: text at least 4.5:1, sparklines and focus ring at least 3:1`, () => {
      for (const [minimum, pairs] of [[4.5, TEXT], [3, GRAPHICS]] as const) {
        for (const [fg, bg] of pairs) {
          assert.ok(palette[fg] && palette[bg], `--${fg} and --${bg} are defined`);
          const ratio = contrast(palette[fg]!, palette[bg]!);
          assert.ok(ratio >= minimum, `${mode} --${fg} on --${bg}: ${ratio.toFixed(2)}:1 < ${minimum}:1`);
        }
      }
    });
  }
});
