/**
 * A learner realm: a fresh V8 context per job (its own Math, Array, Object…, no `process`, no
 * `require`, no Node APIs, no code generation from strings), set up by the prelude, in which the
 * learner's module and, if it asks, its own mathjs run. It remembers what the built-ins looked like
 * before graded code ran, to report any change.
 */
import type { Script } from 'node:vm';
import { forbiddenImportMessage, GRADED_PACKAGES } from '../../src/course/import-rules';
import type { JobState } from './job';
import { INJECTED_GLOBALS, preludeSource, REMOVED_GLOBALS, type Toolkit } from './prelude';
import type { Violation } from './protocol';

/** A function of either realm, called through Reflect.apply. */
export type AnyFunction = (...args: unknown[]) => unknown;
const { apply, ownKeys, getOwnPropertyDescriptor } = Reflect;

/** What a sandbox lends its learner realms: Node's modules it was handed, and its clock. */
export interface RealmHost {
  vm: typeof import('node:vm');
  /** Node's built-in module names (without `node:`), to say "a Node module" rather than "a package" */
  builtinModules: ReadonlySet<string>;
  now: () => number;
}

/** What every learner realm of a process shares, prepared once at boot. */
export class LearnerRealms {
  /**
   * Every global of a learner realm, passed to its code as parameters: a vm context resolves free
   * global names through an interceptor, which made graded code ten times slower than under vitest;
   * a parameter is an ordinary local.
   */
  readonly globalNames: readonly string[];
  /** mathjs's bundle, compiled once, run afresh in each realm that imports it */
  readonly mathjs: Script;

  constructor(
    readonly host: RealmHost,
    mathjsSource: string,
  ) {
    const { vm } = host;
    this.globalNames = [...new Set([...(vm.runInNewContext('Object.getOwnPropertyNames(globalThis)') as string[]), ...INJECTED_GLOBALS])]
      .filter((name) => !REMOVED_GLOBALS.has(name) && /^[A-Za-z_$][\w$]*$/.test(name));
    this.mathjs = new vm.Script(`(function (${this.globalNames.join(', ')}) { return function (module, exports) {${mathjsSource}\n} })`, { filename: 'mathjs.js' });
  }

  /** A fresh realm for one job, writing what its code prints and does into `job`. */
  open(job: JobState): Realm {
    return new Realm(this, job);
  }
}

export class Realm {
  readonly context: object;
  readonly kit: Toolkit;
  private mathjs?: unknown;
  /** the values of globalNames in this realm, read before any graded code runs */
  private readonly globals: unknown[];
  private readonly builtinsBefore: [string, object, PropertyKey, PropertyDescriptor | undefined][] = [];
  private readonly globalsBefore = new Map<string, PropertyDescriptor | undefined>();

  constructor(
    private readonly shared: LearnerRealms,
    readonly job: JobState,
  ) {
    const { vm, now } = shared.host;
    this.context = vm.createContext(Object.create(null), { name: 'submission', codeGeneration: { strings: false, wasm: false } });
    const prelude = this.compile(preludeSource, [], 'prelude.js')() as (host: unknown) => Toolkit;
    this.kit = prelude({
      emit: (text: string, raw: boolean) => {
        try {
          if (raw && text.length === 0) return;
          job.capture(String(text));
        } catch {
          // never let an error of the grader's realm reach graded code
        }
      },
      now,
      load: (name: string) => {
        try {
          return this.load(name);
        } catch (error) {
          return `could not load ${name}: ${error instanceof Error ? error.message : String(error)}`;
        }
      },
      stop: (kind: string, message: string) => {
        job.flag({ kind: kind as Violation['kind'], message: String(message) });
      },
    });
    // What the built-ins look like before graded code runs, to report any change it makes.
    const g = this.global();
    this.globals = shared.globalNames.map((name) => g[name]);
    for (const name of Object.keys(this.kit.builtins)) this.globalsBefore.set(name, getOwnPropertyDescriptor(g, name));
    for (const [name, object] of Object.entries(this.kit.builtins)) {
      for (const key of ownKeys(object)) this.builtinsBefore.push([name, object, key, getOwnPropertyDescriptor(object, key)]);
    }
  }

  global(): Record<string, unknown> {
    return this.shared.host.vm.runInContext('globalThis', this.context) as Record<string, unknown>;
  }

  compile(code: string, params: readonly string[], filename: string): AnyFunction {
    const reject = (): never => {
      throw new this.kit.errors.Error('dynamic import() is not available when grading: use a static import at the top of the file');
    };
    return this.shared.host.vm.compileFunction(code, [...params], {
      filename,
      parsingContext: this.context,
      // Without this, Node would reject with an Error of the grader's realm: a way out of this one.
      importModuleDynamically: (() => reject()) as never,
    }) as AnyFunction;
  }

  /** The learner's bundled module as a function of (exports, require, module), globals bound as locals. */
  moduleFactory(code: string, filename: string): AnyFunction {
    const outer = this.compile(`return function (exports, require, module) {"use strict";\n${code}\n}`, this.shared.globalNames, filename);
    return apply(outer, undefined, this.globals) as AnyFunction;
  }

  private load(name: string): unknown {
    if (GRADED_PACKAGES.includes(name)) {
      // A fresh mathjs, inside this realm: whatever the learner does to it stays here.
      if (!this.mathjs) {
        const { exports, module } = this.kit.module();
        const outer = this.shared.mathjs.runInContext(this.context) as AnyFunction;
        const factory = apply(outer, undefined, this.globals) as (m: object, e: object) => void;
        factory(module, exports);
        this.mathjs = module.exports;
      }
      return this.mathjs;
    }
    const bare = name.startsWith('node:') ? name.slice(5) : name;
    const message = forbiddenImportMessage(name, this.shared.host.builtinModules.has(bare));
    this.job.flag({ kind: 'forbidden', message });
    return message;
  }

  /** Built-ins the learner's code changed or removed (adding helpers is fine). */
  changedBuiltins(): string[] {
    const changed = new Set<string>();
    const g = this.global();
    for (const [name, before] of this.globalsBefore) {
      const after = getOwnPropertyDescriptor(g, name);
      if (!sameDescriptor(before, after)) changed.add(name);
    }
    for (const [name, object, key, before] of this.builtinsBefore) {
      if (!sameDescriptor(before, getOwnPropertyDescriptor(object, key))) changed.add(`${name}.${String(key)}`);
    }
    return [...changed];
  }
}

function sameDescriptor(a: PropertyDescriptor | undefined, b: PropertyDescriptor | undefined): boolean {
  if (!a || !b) return a === b;
  return Object.is(a.value, b.value) && a.get === b.get && a.set === b.set && a.writable === b.writable;
}
