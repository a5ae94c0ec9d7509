/**
 * Python's glob.glob() for `[include] files` patterns: `*`, `?` and `[...]` (with `!` negation),
 * no braces, no `**` recursion, dot files only matched by patterns that start with a dot, broken
 * symlinks included. Hand-written because npm globbers add braces/extglobs Supervisor does not have.
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';

const MAGIC = /[*?[]/;

/** fnmatch.translate for one path component. */
export function fnmatchToRegExp(pattern: string): RegExp {
  let re = '';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '*') re += '[^]*';
    else if (c === '?') re += '[^]';
    else if (c === '[') {
      let j = i + 1;
      if (chars[j] === '!') j++;
      if (chars[j] === ']') j++;
      while (j < chars.length && chars[j] !== ']') j++;
      if (j >= chars.length) {
        re += '\\[';
      } else {
        let body = chars.slice(i + 1, j).join('');
        i = j;
        if (body.startsWith('!')) body = '^' + body.slice(1);
        else if (body.startsWith('^')) body = '\\' + body;
        re += `[${body.replace(/\\/g, '\\\\').replace(/(?<!^)\^/g, '\\^')}]`;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'su');
}

function lexists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir || '.');
  } catch {
    return [];
  }
}

function joinPath(dir: string, name: string): string {
  if (!dir) return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

function splitLast(p: string): [string, string] {
  const i = p.lastIndexOf('/') + 1;
  let head = p.slice(0, i);
  if (head && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '');
  return [head, p.slice(i)];
}

/** glob.glob(pattern) (unsorted, like Python; callers sort). */
export function pythonGlob(pattern: string): string[] {
  if (!MAGIC.test(pattern)) {
    if (pattern.endsWith('/') ? isDir(pattern) : lexists(pattern)) return [pattern];
    return [];
  }
  const [dirname, basename] = splitLast(pattern);
  let dirs: string[];
  if (!dirname) dirs = [''];
  else if (dirname !== pattern && MAGIC.test(dirname)) dirs = pythonGlob(dirname);
  else dirs = [dirname];
  const results: string[] = [];
  for (const dir of dirs) {
    if (MAGIC.test(basename)) {
      if (dir && !isDir(dir)) continue;
      const re = fnmatchToRegExp(basename);
      const hiddenOk = basename.startsWith('.');
      for (const name of listDir(dir)) {
        if (!hiddenOk && name.startsWith('.')) continue;
        if (re.test(name)) results.push(joinPath(dir, name));
      }
    } else if (basename === '' ? isDir(dir) : lexists(joinPath(dir, basename))) {
      results.push(joinPath(dir, basename));
    }
  }
  return results;
}

/** Python's sorted() for str: by code point, not UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
