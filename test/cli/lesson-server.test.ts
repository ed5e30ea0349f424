// Where course watch finds the lesson site: the address `npm run lessons` records while it runs.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { clearLessonServer, lessonServerFile, recordLessonServer, runningLessonServer } from '../../src/course/lesson-server';

const dirs: string[] = [];
const course = () => {
  const root = mkdtempSync(join(tmpdir(), 'lesson-server-'));
  dirs.push(root);
  return root;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the lesson server record', () => {
  test('a running server is found on the port it recorded, as localhost', () => {
    const root = course();
    expect(runningLessonServer(root)).toBeUndefined();
    recordLessonServer(root, 'http://127.0.0.1:4175/');
    expect(runningLessonServer(root)).toBe('http://localhost:4175');
    clearLessonServer(root);
    expect(runningLessonServer(root)).toBeUndefined();
  });

  test('a record left by a server that died, or a damaged one, is ignored', () => {
    const root = course();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    recordLessonServer(root, 'http://127.0.0.1:4176', Number(gone.stdout));
    expect(runningLessonServer(root)).toBeUndefined();
    mkdirSync(join(root, '.course'), { recursive: true });
    writeFileSync(lessonServerFile(root), '{"url": 4');
    expect(runningLessonServer(root)).toBeUndefined();
  });

  test("a server clears only its own record, not a newer server's", () => {
    const root = course();
    recordLessonServer(root, 'http://127.0.0.1:4177', process.pid);
    clearLessonServer(root, process.pid + 1);
    expect(runningLessonServer(root)).toBe('http://localhost:4177');
  });
});
