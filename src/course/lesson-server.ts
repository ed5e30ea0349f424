/**
 * Where the lesson site is being served, if it is: `npm run lessons` records its address in
 * `.course/lessons-server.json` while it runs (it may pick another port than 4173 when that one is
 * taken), and `course watch` reads it to link the lesson a failure names. A record whose process
 * is gone (killed without clean-up) is ignored.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function lessonServerFile(root: string): string {
  return join(root, '.course', 'lessons-server.json');
}

export function recordLessonServer(root: string, url: string, pid = process.pid): void {
  try {
    mkdirSync(join(root, '.course'), { recursive: true });
    writeFileSync(lessonServerFile(root), `${JSON.stringify({ url, pid })}\n`);
  } catch {
    // A read-only checkout: watch will say it cannot tell where the site is.
  }
}

/** Forget the record, but only our own (another server may have started since). */
export function clearLessonServer(root: string, pid = process.pid): void {
  const found = readRecord(root);
  if (found?.pid === pid) rmSync(lessonServerFile(root), { force: true });
}

function readRecord(root: string): { url: string; pid: number } | undefined {
  const file = lessonServerFile(root);
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { url?: unknown; pid?: unknown };
    return typeof data.url === 'string' && Number.isInteger(data.pid) ? { url: data.url, pid: data.pid as number } : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running lesson server's base address (`http://localhost:4174`), or undefined. */
export function runningLessonServer(root: string): string | undefined {
  const found = readRecord(root);
  return found && alive(found.pid) ? found.url.replace('127.0.0.1', 'localhost').replace(/\/$/, '') : undefined;
}
