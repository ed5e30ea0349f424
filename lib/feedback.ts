/**
 * Feedback as data: what a course check tells the learner (`message`) and the lesson section to
 * reread (`lesson`, as `<slug>#<anchor>`). Learners and vitest see an Error's text, so a Feedback's
 * text ends in the line "→ Reread lessons/<slug>.md#<anchor>"; tools read the lesson back with
 * `lessonOf`, which takes the field where it survived (the Feedback itself, vitest's serialized copy,
 * a stored result) and reads that line only where nothing but text is left (a JSON report, the
 * grader's results). Shipped to learners: imports nothing outside lib/.
 */

export interface FeedbackData {
  /** what went wrong, without the lesson line */
  message: string;
  /** the lesson section to reread, `<slug>#<anchor>`, e.g. `01-sigmoid#saturation` */
  lesson?: string;
}

/** A unit slug inside a path; the pattern of src/course/course.ts's UNIT_SLUG_IN_TEXT (test/cli/feedback.test.ts holds them equal). */
export const LESSON_SLUG = /\d\d-[a-z0-9]+(?:-[a-z0-9]+)*/;
/** `lessons/<slug>.md`, with an optional `#<anchor>`: the slug and the anchor are captured. */
const LESSON_PATH = new RegExp(`lessons/(${LESSON_SLUG.source})\\.md(?:#([\\w-]+))?`);
const STUB_LINK = new RegExp(`\\s*[—–-]+\\s*see\\s+${LESSON_PATH.source}\\s*$`);
const REREAD = '→ Reread ';
const REREAD_LINE = new RegExp(`${REREAD}(${LESSON_PATH.source})`);

/** A lesson reference is `<slug>#<anchor>`, e.g. `01-sigmoid#saturation`. */
export function lessonLink(ref: string): string {
  const [slug, anchor] = ref.split('#');
  return `lessons/${slug}.md${anchor ? `#${anchor}` : ''}`;
}

/** The first lesson path written in `text`, as a reference (`<slug>#<anchor>`), with its slug. */
export function lessonIn(text: string): { slug: string; ref: string } | undefined {
  const found = LESSON_PATH.exec(text);
  return found ? { slug: found[1]!, ref: found[2] ? `${found[1]}#${found[2]}` : found[1]! } : undefined;
}

/** A stub's TODO ends in " — see lessons/<slug>.md#<anchor>": that link, and where the text before it ends. */
export function stubLink(message: string): { ref: string; index: number } | undefined {
  const found = STUB_LINK.exec(message);
  return found ? { ref: lessonIn(found[0])!.ref, index: found.index } : undefined;
}

/** The text learners and vitest see: the message, then the lesson to reread. */
export function feedbackText({ message, lesson }: FeedbackData): string {
  return lesson ? `${message}\n  ${REREAD}${lessonLink(lesson)}` : message;
}

/** Whether a line of a failure's text is its lesson line (to colour it). */
export function isLessonLine(line: string): boolean {
  return REREAD_LINE.test(line);
}

/** The error every course check throws: its data in `feedback` (and `lesson`), its text ending in the lesson to reread. */
export class Feedback extends Error {
  readonly feedback: FeedbackData;
  constructor(
    message: string,
    readonly lesson?: string,
  ) {
    super(feedbackText({ message, lesson }));
    this.name = 'Feedback';
    this.feedback = lesson ? { message, lesson } : { message };
  }
}

/** A failure as a tool holds it: a Feedback, vitest's serialized copy of an error, a stored first failure, or its text only. */
export type Failure = string | { message?: unknown; lesson?: unknown } | undefined | null;

/**
 * The lesson a failure says to reread, as a path (`lessons/<slug>.md#<anchor>`), or undefined when it
 * names none. Every tool that shows or counts lesson links asks this, never the text itself.
 */
export function lessonOf(failure: Failure): string | undefined {
  if (failure === undefined || failure === null) return undefined;
  if (typeof failure === 'object' && typeof failure.lesson === 'string' && failure.lesson !== '') return lessonLink(failure.lesson);
  const text = typeof failure === 'string' ? failure : typeof failure.message === 'string' ? failure.message : '';
  return REREAD_LINE.exec(text)?.[1];
}
