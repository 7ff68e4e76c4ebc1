import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Electron binary, if this machine has it: found on disk the way the electron package itself finds it
 * (node_modules/electron/path.txt), never by requiring the package, which would try to download it.
 */
export function electronBinary(root = process.cwd()): string | null {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pointer = path.join(packageDir, 'path.txt');
  if (!existsSync(pointer)) return null;
  const binary = path.join(packageDir, 'dist', readFileSync(pointer, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}
