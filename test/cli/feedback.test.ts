// Feedback as data: the lesson travels as a field where it can, and one function reads it back
// (the field first, the rendered "→ Reread" line where only text survived).
import { expect, test } from 'vitest';
import { Feedback, feedbackText, isLessonLine, LESSON_SLUG, lessonIn, lessonOf, stubLink } from '../../lib/feedback';
import { attempt } from '../../lib/testing';
import { UNIT_SLUG_IN_TEXT } from '../../src/course/course';

const caught = (run: () => unknown): Feedback => {
  try {
    run();
  } catch (error) {
    return error as Feedback;
  }
  throw new Error('did not throw');
};

test('lib/ writes the slug pattern of the course model (it may not import src/)', () => {
  expect(LESSON_SLUG.source).toBe(UNIT_SLUG_IN_TEXT.source);
  expect(LESSON_SLUG.flags).toBe(UNIT_SLUG_IN_TEXT.flags);
});

test('a Feedback is its data, and its text ends in the lesson line', () => {
  const f = new Feedback('f(2) should be 4 but returned 5.', '02-double#doubling');
  expect(f.feedback).toEqual({ message: 'f(2) should be 4 but returned 5.', lesson: '02-double#doubling' });
  expect(f.lesson).toBe('02-double#doubling');
  expect(f.message).toBe('f(2) should be 4 but returned 5.\n  → Reread lessons/02-double.md#doubling');
  expect(f.message).toBe(feedbackText(f.feedback));
  expect(new Feedback('no lesson').feedback).toEqual({ message: 'no lesson' });
  expect(new Feedback('no lesson').message).toBe('no lesson');
});

test('lessonOf reads the field of a Feedback, of a copy that kept its own properties (as vitest sends it), and of a stored failure', () => {
  const f = new Feedback('wrong', '01-sigmoid#saturation');
  expect(lessonOf(f)).toBe('lessons/01-sigmoid.md#saturation');
  // vitest serializes an error as a plain object of its own properties
  const copy = Object.fromEntries(Object.getOwnPropertyNames(f).map((k) => [k, (f as unknown as Record<string, unknown>)[k]]));
  expect(lessonOf(copy)).toBe('lessons/01-sigmoid.md#saturation');
  // the field wins over the text: it is what the check meant
  expect(lessonOf({ message: 'x\n  → Reread lessons/02-double.md#doubling', lesson: '01-sigmoid#saturation' })).toBe('lessons/01-sigmoid.md#saturation');
  expect(lessonOf({ message: 'no anchor', lesson: '03-gradient-check' })).toBe('lessons/03-gradient-check.md');
});

test('lessonOf falls back to the rendered line where only text is left, and says undefined when there is none', () => {
  expect(lessonOf('f(2) is not written yet: TODO\n  → Reread lessons/01-a.md#the-f')).toBe('lessons/01-a.md#the-f');
  expect(lessonOf({ message: 'a stored result\n  → Reread lessons/04-backprop-mlp.md#the-transpose' })).toBe('lessons/04-backprop-mlp.md#the-transpose');
  expect(lessonOf('→ Reread lessons/01-a.md')).toBe('lessons/01-a.md');
  expect(lessonOf('expected 1 to be 2')).toBeUndefined();
  expect(lessonOf('TODO: write f — see lessons/01-a.md#the-f')).toBeUndefined(); // a stub's link is not feedback's line
  expect(lessonOf('→ Reread lessons/not a slug.md')).toBeUndefined();
  expect(lessonOf({ message: 'x', lesson: '' })).toBeUndefined();
  expect(lessonOf(undefined)).toBeUndefined();
  expect(lessonOf(null)).toBeUndefined();
  expect(lessonOf({})).toBeUndefined();
});

test('the lesson line is recognised for colouring, other lines are not', () => {
  expect(isLessonLine('  → Reread lessons/01-sigmoid.md#the-sigmoid')).toBe(true);
  expect(isLessonLine('f(2) returned 3')).toBe(false);
});

test("a stub's link, and the first lesson path in any text", () => {
  expect(stubLink('TODO: write f(x) — see lessons/01-sigmoid.md#the-derivative')).toEqual({ ref: '01-sigmoid#the-derivative', index: 'TODO: write f(x)'.length });
  expect(stubLink('TODO: write f(x) - see lessons/01-sigmoid.md')).toEqual({ ref: '01-sigmoid', index: 'TODO: write f(x)'.length });
  expect(stubLink('TODO: see lessons/01-sigmoid.md#a and more')).toBeUndefined();
  expect(lessonIn('uses lessons/12-deep-training.md#the-loop here')).toEqual({ slug: '12-deep-training', ref: '12-deep-training#the-loop' });
  expect(lessonIn('no link')).toBeUndefined();
});

test("attempt: another unit's TODO sends the learner to that unit, with its lesson as data", () => {
  const f = caught(() => attempt(() => { throw new Error('TODO: write sigmoid(z) — see lessons/01-sigmoid.md#the-sigmoid'); }, { call: 'train()', lesson: '12-deep-training#the-loop' }));
  expect(f).toBeInstanceOf(Feedback);
  expect(f.feedback.lesson).toBe('01-sigmoid#the-sigmoid');
  expect(f.feedback.message).toBe('train() uses your unit 01-sigmoid, which is not finished yet: TODO: write sigmoid(z) — see lessons/01-sigmoid.md#the-sigmoid\n  Make `npm test -- 01` pass first.');
  const own = caught(() => attempt(() => { throw new Error('boom'); }, { call: 'f(1)', lesson: '01-sigmoid#saturation' }));
  expect(own.feedback).toEqual({ message: 'f(1) threw an error: boom', lesson: '01-sigmoid#saturation' });
});
