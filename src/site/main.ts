/**
 * `npm run lessons [-- --build-only] [--out <dir>] [--port <n>]`: build the lesson site, then
 * serve it on localhost and rebuild (and reload open pages) when a lesson changes.
 */
import { join, resolve } from 'node:path';
import { cliMain, UsageError } from '../course/cli-main';
import { clearLessonServer, recordLessonServer } from '../course/lesson-server';
import { repoRoot } from '../course/paths';
import { CourseError } from '../course/course';
import { makeColors, wantsColor } from '../cli/colors';
import { buildSite, type BuildResult } from './build';
import { serveSite, type SiteServer } from './serve';

export interface SiteArgs {
  buildOnly: boolean;
  out: string;
  port?: number;
  host: string;
  help: boolean;
}

const pc = makeColors(wantsColor(process.stdout));

export function parseSiteArgs(argv: readonly string[], root = repoRoot): SiteArgs {
  const args: SiteArgs = { buildOnly: false, out: join(root, 'dist', 'site'), host: '127.0.0.1', help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (name: string) => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value, e.g. ${name === '--port' ? '--port 4173' : `${name} dist/site`}.`);
      return v;
    };
    if (arg === '--build-only') args.buildOnly = true;
    else if (arg === '--out') args.out = resolve(value('--out'));
    else if (arg === '--host') args.host = value('--host');
    else if (arg === '--port') {
      const port = Number(value('--port'));
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not "${argv[i]}".`);
      args.port = port;
    } else if (arg === '--help' || arg === '-h') args.help = true;
    else throw new UsageError(`Unknown option "${arg}". Options: --build-only, --out <dir>, --port <n>, --host <address>.`);
  }
  return args;
}

function report(result: BuildResult, root: string): void {
  const where = result.outDir.startsWith(root) ? result.outDir.slice(root.length + 1) : result.outDir;
  console.log(`Built ${result.pages.length} lesson${result.pages.length === 1 ? "" : "s"} into ${where} in ${Math.round(result.ms)} ms.`);
  for (const warning of result.warnings) console.log(pc.yellow(`  warning: ${warning}`));
}

async function listen(out: string, args: SiteArgs): Promise<SiteServer> {
  const first = args.port ?? 4173;
  const last = args.port === undefined ? first + 10 : first;
  for (let port = first; ; port++) {
    try {
      return await serveSite(out, { port, host: args.host, liveReload: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port >= last) {
        throw new CourseError(`Cannot serve on ${args.host}:${port}: ${(error as Error).message}${args.port === undefined ? '' : ' (choose another --port)'}`);
      }
    }
  }
}

export async function siteCli(argv: string[], root = repoRoot): Promise<number> {
  return cliMain(argv, (args) => parseSiteArgs(args, root), (args) => serveLessons(args, root), { name: 'lessons', label: pc.red, expected: [[CourseError, 1]], disk: 2 });
}

async function serveLessons(args: SiteArgs, root: string): Promise<number> {
  if (args.help) {
    console.log('npm run lessons [-- --build-only] [--out <dir>] [--port <n>] [--host <address>]\n  Builds lessons/*.md into a site (default dist/site) and serves it on localhost.');
    return 0;
  }
  const result = buildSite({ root, outDir: args.out, yours: !args.buildOnly });
  report(result, root);
  if (args.buildOnly) return result.warnings.length > 0 ? 1 : 0;

  const server = await listen(args.out, args);
  recordLessonServer(root, server.url); // for course watch's lesson links (the port may not be 4173)
  console.log(`\n  Lessons at ${pc.bold(pc.cyan(server.url.replace('127.0.0.1', 'localhost')))}   ${pc.dim('(Ctrl-C to stop; saving a lesson or an exercise rebuilds the site)')}\n`);
  const { watch } = await import('chokidar');
  const watcher = watch([join(root, 'lessons'), join(root, 'course.json'), join(root, 'exercises')], { ignoreInitial: true });
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        report(buildSite({ root, outDir: args.out, yours: true }), root);
        server.reload();
      } catch (error) {
        console.log(pc.red(`Rebuild failed: ${(error as Error).message}`));
      }
    }, 100);
  });
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await watcher.close();
  await server.close();
  clearLessonServer(root);
  return 0;
}

if (process.argv[1]?.endsWith('src/site/main.ts')) {
  process.exitCode = await siteCli(process.argv.slice(2));
}
