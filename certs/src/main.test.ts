import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './testDir.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', mainPath, ...args], { cwd: repoRoot, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('certs CLI', () => {
  const tempDir = useTempDirs();

  it('rejects an unknown flag with exit code 2 and names the flag', async () => {
    const result = await runCli(['--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stdout).toBe('');
  });

  it('rejects a flag missing its value and an invalid name with exit code 2', async () => {
    const missing = await runCli(['--dir']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--dir/);
    const dir = await tempDir();
    const badName = await runCli(['--dir', dir, '--name', 'not a host']);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/invalid certificate name "not a host"/);
  });

  it('prints usage for --help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--name <name>/);
  });

  it('creates certificates and prints names, paths and trust instructions', async () => {
    const dir = await tempDir();
    const result = await runCli(['--dir', dir, '--name', 'drone.local', '--name', '10.9.8.7']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Names covered: localhost, 127\.0\.0\.1.*drone\.local, 10\.9\.8\.7/);
    expect(result.stdout).toContain(`${dir}/ca.pem`);
    expect(result.stdout).toContain(`${dir}/key.pem`);
    expect(result.stdout).toContain('Certificate Trust Settings');
    expect((await stat(`${dir}/cert.pem`)).isFile()).toBe(true);

    const again = await runCli(['--dir', dir, '--force']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/CA: reused/);
    expect(again.stdout).toMatch(/Server certificate: issued a new one \(requested\)/);
  });
});
