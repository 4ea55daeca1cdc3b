import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * "A request without a handler must fail to compile": compile a handler object that misses one
 * request with the project's own compiler and settings, and expect the error; then the complete
 * object, and expect none.
 */
const root = resolve(import.meta.dirname, '../../..');

function compile(source: string): string {
  const dir = mkdtempSync(join(root, '.tsbuild-check-'));
  try {
    writeFileSync(join(dir, 'check.ts'), source);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../tsconfig.base.json',
        compilerOptions: {
          composite: false,
          noEmit: true,
          emitDeclarationOnly: false,
          declaration: false,
          lib: ['ES2022'],
          types: [],
        },
        include: ['check.ts'],
      }),
    );
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], {
        encoding: 'utf8',
      });
      return '';
    } catch (error) {
      return String((error as { stdout?: string }).stdout);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const header = `import type { Handlers } from '../shared/contract/handlers';\ndeclare const full: Handlers;\n`;

describe('Handlers type', () => {
  it('refuses a handler object that lacks a request', () => {
    const out = compile(
      `${header}const { ['calls.dial']: _dropped, ...rest } = full;\nexport const h: Handlers = rest;\n`,
    );
    expect(out).toMatch(/Property '"?calls\.dial"?' is missing/);
  }, 60_000);

  it('accepts the complete object', () => {
    expect(compile(`${header}export const h: Handlers = { ...full };\n`)).toBe('');
  }, 60_000);
});
