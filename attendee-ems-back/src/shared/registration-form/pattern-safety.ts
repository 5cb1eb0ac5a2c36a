/**
 * Organisers' `validation.pattern` runs on anonymous visitors' input, on the API's main thread and in
 * their browsers. JavaScript's backtracking engine can take exponential time on some patterns
 * (`(a+)+$` against 30 crafted characters never returns), so a pattern is accepted only when a
 * conservative analysis bounds the work of one test:
 * - no backreferences, lookarounds or inline modifiers;
 * - inside anything repeated more than once, every choice (go round again, stop, take this branch)
 *   is decided by the next character: no nested quantifiers or alternatives that overlap;
 * - outside repetitions, loops that compete for the same characters (`\w+\w+`) and overlapping
 *   alternatives multiply the work; their estimated product must stay under PATTERN_WORK_BUDGET for
 *   inputs of PATTERN_INPUT_MAX_LENGTH characters, the longest input ever tested against a pattern.
 * Pure TypeScript, no dependency: the SPA imports it.
 */

export const PATTERN_MAX_LENGTH = 200;
/** Longer answers on a field with a pattern are refused before the pattern runs. */
export const PATTERN_INPUT_MAX_LENGTH = 200;
/** ≈ backtracking steps allowed for one test (a quadratic pattern on 200 characters is 40,000). */
const PATTERN_WORK_BUDGET = 1_000_000;

export type PatternRisk =
  | 'tooLong'
  | 'invalid'
  | 'backreference'
  | 'lookaround'
  | 'unsupported'
  | 'emptyRepeat'
  | 'nestedQuantifier'
  | 'overlappingAlternatives'
  | 'tooAmbiguous';

export type PatternSafety = { safe: true } | { safe: false; risk: PatternRisk; detail: string };

// ---- Character sets: sorted, disjoint, inclusive code point ranges ----

type Ranges = ReadonlyArray<readonly [number, number]>;
const MAX_CODE_POINT = 0x10ffff;

function normalize(ranges: Array<[number, number]>): Ranges {
  const sorted = ranges.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [lo, hi] of sorted) {
    const last = merged.at(-1);
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}
const union = (...sets: Ranges[]): Ranges => normalize(sets.flatMap((set) => set.map(([lo, hi]) => [lo, hi] as [number, number])));
function complement(set: Ranges): Ranges {
  const result: Array<[number, number]> = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) result.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) result.push([next, MAX_CODE_POINT]);
  return result;
}
function intersects(a: Ranges, b: Ranges): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]![1] < b[j]![0]) i++;
    else if (b[j]![1] < a[i]![0]) j++;
    else return true;
  }
  return false;
}
const single = (cp: number): Ranges => [[cp, cp]];
const EMPTY: Ranges = [];
const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = normalize([[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]]);
const SPACE: Ranges = normalize([
  [0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a],
  [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
]);
const DOT: Ranges = complement(normalize([[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]]));

/** `\p{…}` sets, found once by asking the engine about every code point (≈ 60 ms each, then cached). */
const propertyCache = new Map<string, Ranges>();
function propertyRanges(name: string): Ranges {
  let ranges = propertyCache.get(name);
  if (!ranges) {
    const test = new RegExp(`^\\p{${name}}$`, 'u');
    const found: Array<[number, number]> = [];
    let start = -1;
    for (let cp = 0; cp <= MAX_CODE_POINT + 1; cp++) {
      const isIn = cp <= MAX_CODE_POINT && test.test(String.fromCodePoint(cp));
      if (isIn && start < 0) start = cp;
      if (!isIn && start >= 0) {
        found.push([start, cp - 1]);
        start = -1;
      }
    }
    ranges = found;
    propertyCache.set(name, ranges);
  }
  return ranges;
}

// ---- Parser (the `u` flag's syntax; the pattern already compiled, so it is well formed) ----

type Node =
  | { t: 'char'; set: Ranges }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; branches: Node[] }
  | { t: 'repeat'; body: Node; min: number; max: number }
  | { t: 'assert' };

class Refused extends Error {
  constructor(
    readonly risk: PatternRisk,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const SYNTAX_CHARACTERS = '^$\\.*+?()[]{}|/-';
const CONTROL_ESCAPES: Record<string, number> = { t: 0x09, n: 0x0a, v: 0x0b, f: 0x0c, r: 0x0d };

class Parser {
  private index = 0;
  constructor(private readonly source: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.index < this.source.length) throw new Refused('invalid', `unexpected ${this.source[this.index]}`);
    return node;
  }

  private peek(offset = 0) {
    return this.source[this.index + offset];
  }

  private alternation(): Node {
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.index++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0]! : { t: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.index < this.source.length && this.peek() !== '|' && this.peek() !== ')') items.push(this.quantified(this.atom()));
    return items.length === 1 ? items[0]! : { t: 'seq', items };
  }

  private quantified(atom: Node): Node {
    let min: number;
    let max: number;
    const next = this.peek();
    if (next === '*') [min, max] = [0, Infinity];
    else if (next === '+') [min, max] = [1, Infinity];
    else if (next === '?') [min, max] = [0, 1];
    else if (next === '{') {
      const braces = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.index));
      if (!braces) throw new Refused('invalid', 'malformed {n,m}');
      min = Number(braces[1]);
      max = braces[2] === undefined ? min : braces[3] === '' ? Infinity : Number(braces[3]);
      this.index += braces[0].length - 1;
    } else return atom;
    this.index++;
    if (this.peek() === '?') this.index++; // lazy: the same choices, tried in another order
    if (atom.t === 'assert') throw new Refused('invalid', 'a quantifier needs something to repeat');
    return { t: 'repeat', body: atom, min, max };
  }

  private atom(): Node {
    const char = this.peek()!;
    if (char === '^' || char === '$') {
      this.index++;
      return { t: 'assert' };
    }
    if (char === '.') {
      this.index++;
      return { t: 'char', set: DOT };
    }
    if (char === '[') return { t: 'char', set: this.characterClass() };
    if (char === '(') return this.group();
    if (char === '\\') {
      const escaped = this.escape(false);
      return escaped === 'assert' ? { t: 'assert' } : { t: 'char', set: escaped };
    }
    if ('*+?{'.includes(char)) throw new Refused('invalid', `nothing to repeat before ${char}`);
    const cp = this.source.codePointAt(this.index)!;
    this.index += cp > 0xffff ? 2 : 1;
    return { t: 'char', set: single(cp) };
  }

  private group(): Node {
    this.index++; // (
    if (this.peek() === '?') {
      const kind = this.peek(1);
      const after = this.peek(2);
      if (kind === '=' || kind === '!' || (kind === '<' && (after === '=' || after === '!'))) throw new Refused('lookaround', 'lookahead and lookbehind assertions are not allowed');
      if (kind === ':') this.index += 2;
      else if (kind === '<') {
        const name = /^\?<[^>]+>/.exec(this.source.slice(this.index));
        if (!name) throw new Refused('invalid', 'malformed group name');
        this.index += name[0].length;
      } else throw new Refused('unsupported', 'inline modifiers are not supported');
    }
    const body = this.alternation();
    if (this.peek() !== ')') throw new Refused('invalid', 'unclosed group');
    this.index++;
    return body;
  }

  /** After a backslash, outside (inClass false) or inside a character class. */
  private escape(inClass: boolean): Ranges | 'assert' {
    this.index++; // backslash
    const char = this.peek();
    if (char === undefined) throw new Refused('invalid', 'trailing backslash');
    this.index++;
    switch (char) {
      case 'd':
        return DIGIT;
      case 'D':
        return complement(DIGIT);
      case 'w':
        return WORD;
      case 'W':
        return complement(WORD);
      case 's':
        return SPACE;
      case 'S':
        return complement(SPACE);
      case 'b':
        return inClass ? single(0x08) : 'assert';
      case 'B':
        if (inClass) throw new Refused('invalid', '\\B in a class');
        return 'assert';
      case 'k':
        throw new Refused('backreference', 'backreferences are not allowed');
      case 'p':
      case 'P': {
        const property = /^\{([\w=]+)\}/.exec(this.source.slice(this.index));
        if (!property) throw new Refused('invalid', 'malformed \\p{…}');
        this.index += property[0].length;
        const ranges = propertyRanges(property[1]!);
        return char === 'p' ? ranges : complement(ranges);
      }
      case 'c': {
        const letter = this.peek();
        if (!letter || !/[A-Za-z]/.test(letter)) throw new Refused('invalid', 'malformed \\c');
        this.index++;
        return single(letter.charCodeAt(0) % 32);
      }
      case 'x': {
        const hex = /^[0-9A-Fa-f]{2}/.exec(this.source.slice(this.index));
        if (!hex) throw new Refused('invalid', 'malformed \\x');
        this.index += 2;
        return single(parseInt(hex[0], 16));
      }
      case 'u': {
        const hex = /^(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{4}))/.exec(this.source.slice(this.index));
        if (!hex) throw new Refused('invalid', 'malformed \\u');
        this.index += hex[0].length;
        return single(parseInt(hex[1] ?? hex[2]!, 16));
      }
      case '0':
        if (/\d/.test(this.peek() ?? '')) throw new Refused('invalid', 'octal escapes are not allowed');
        return single(0);
    }
    if (/[1-9]/.test(char)) throw new Refused('backreference', 'backreferences are not allowed');
    if (char in CONTROL_ESCAPES) return single(CONTROL_ESCAPES[char]!);
    if (SYNTAX_CHARACTERS.includes(char)) return single(char.charCodeAt(0));
    throw new Refused('invalid', `unknown escape \\${char}`);
  }

  private characterClass(): Ranges {
    this.index++; // [
    const isNegated = this.peek() === '^';
    if (isNegated) this.index++;
    const parts: Ranges[] = [];
    const classAtom = (): Ranges => {
      if (this.peek() === '\\') {
        const escaped = this.escape(true);
        return escaped === 'assert' ? EMPTY : escaped;
      }
      const cp = this.source.codePointAt(this.index);
      if (cp === undefined) throw new Refused('invalid', 'unclosed character class');
      this.index += cp > 0xffff ? 2 : 1;
      return single(cp);
    };
    while (this.peek() !== ']') {
      if (this.peek() === undefined) throw new Refused('invalid', 'unclosed character class');
      const from = classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.index++;
        const to = classAtom();
        if (from.length !== 1 || to.length !== 1 || from[0]![0] !== from[0]![1] || to[0]![0] !== to[0]![1]) throw new Refused('invalid', 'a range needs two characters');
        parts.push([[from[0]![0], to[0]![0]]]);
      } else parts.push(from);
    }
    this.index++; // ]
    const set = union(...parts);
    return isNegated ? complement(set) : set;
  }
}

// ---- Properties of a node ----

function nullable(node: Node): boolean {
  switch (node.t) {
    case 'char':
      return false;
    case 'assert':
      return true;
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.branches.some(nullable);
    case 'repeat':
      return node.min === 0 || nullable(node.body);
  }
}

/** Characters that can start a match of the node. */
function first(node: Node): Ranges {
  switch (node.t) {
    case 'char':
      return node.set;
    case 'assert':
      return EMPTY;
    case 'seq': {
      const sets: Ranges[] = [];
      for (const item of node.items) {
        sets.push(first(item));
        if (!nullable(item)) break;
      }
      return union(...sets);
    }
    case 'alt':
      return union(...node.branches.map(first));
    case 'repeat':
      return node.max === 0 ? EMPTY : first(node.body);
  }
}

/** Every character the node can consume. */
function consumed(node: Node): Ranges {
  switch (node.t) {
    case 'char':
      return node.set;
    case 'assert':
      return EMPTY;
    case 'seq':
      return union(...node.items.map(consumed));
    case 'alt':
      return union(...node.branches.map(consumed));
    case 'repeat':
      return node.max === 0 ? EMPTY : consumed(node.body);
  }
}

/** Length of every match, or null when it varies. */
function fixedWidth(node: Node): number | null {
  switch (node.t) {
    case 'char':
      return 1;
    case 'assert':
      return 0;
    case 'seq': {
      let total = 0;
      for (const item of node.items) {
        const width = fixedWidth(item);
        if (width === null) return null;
        total += width;
      }
      return total;
    }
    case 'alt': {
      const widths = new Set(node.branches.map(fixedWidth));
      return widths.size === 1 ? [...widths][0]! : null;
    }
    case 'repeat': {
      const width = fixedWidth(node.body);
      if (width === null) return null;
      if (width === 0) return 0;
      return node.min === node.max ? node.min * width : null;
    }
  }
}

// ---- Inside a repetition: every choice decided by the next character ----

/** `follow`: the characters that may come right after the node within the repeated body (including a new round). */
function checkDeterministic(node: Node, follow: Ranges): void {
  switch (node.t) {
    case 'char':
    case 'assert':
      return;
    case 'seq':
      node.items.forEach((item, index) => {
        const rest: Node = { t: 'seq', items: node.items.slice(index + 1) };
        checkDeterministic(item, nullable(rest) ? union(first(rest), follow) : first(rest));
      });
      return;
    case 'alt': {
      const starts = node.branches.map((branch) => (nullable(branch) ? union(first(branch), follow) : first(branch)));
      for (let i = 0; i < starts.length; i++) {
        for (let j = i + 1; j < starts.length; j++) {
          if (intersects(starts[i]!, starts[j]!)) throw new Refused('overlappingAlternatives', 'alternatives inside a repetition can start with the same character');
        }
      }
      for (const branch of node.branches) checkDeterministic(branch, follow);
      return;
    }
    case 'repeat':
      checkRepeatBody(node);
      if (node.min !== node.max && intersects(first(node.body), follow)) throw new Refused('nestedQuantifier', 'a quantifier inside a repetition competes with what follows it');
      checkDeterministic(node.body, node.max > 1 ? union(first(node.body), follow) : follow);
      return;
  }
}

function checkRepeatBody(node: Extract<Node, { t: 'repeat' }>) {
  if (node.max > 1 && nullable(node.body) && fixedWidth(node.body) !== 0) throw new Refused('emptyRepeat', 'a repeated group can match nothing');
}

// ---- Outside repetitions: loops competing for the same characters ----

interface Item {
  /** Loops are points; other items span the positions of what they contain. */
  start: number;
  end: number;
  /** The alternative branches the item sits in (`altId:branch`). */
  branches: string[];
  set: Ranges;
  isNullable: boolean;
  /** For loops: how many ways it can end (capped at the input length). */
  ways?: number;
}

function estimateWork(root: Node): number {
  const items: Item[] = [];
  let position = 0;
  let nextAltId = 0;
  let alternativesFactor = 1;

  const walk = (node: Node, branches: string[]) => {
    switch (node.t) {
      case 'assert':
        return;
      case 'char':
        items.push({ start: position, end: position, branches, set: node.set, isNullable: false });
        position++;
        return;
      case 'seq':
        for (const item of node.items) walk(item, branches);
        return;
      case 'alt': {
        const altId = nextAltId++;
        const start = position++;
        const starts = node.branches.map((branch) => (nullable(branch) ? null : first(branch)));
        const overlaps = starts.some((a, i) => starts.some((b, j) => i !== j && (a === null || b === null || intersects(a, b))));
        if (overlaps) alternativesFactor *= node.branches.length;
        node.branches.forEach((branch, index) => walk(branch, [...branches, `${altId}:${index}`]));
        items.push({ start, end: position, branches, set: consumed(node), isNullable: nullable(node) });
        position++;
        return;
      }
      case 'repeat': {
        if (node.max === 0) return;
        if (node.min === 1 && node.max === 1) return walk(node.body, branches);
        checkRepeatBody(node);
        if (node.max > 1) checkDeterministic(node.body, first(node.body));
        const width = fixedWidth(node.body);
        const start = position++;
        if (node.max === 1) {
          // Optional: taken or not (two ways), and what it holds counts on its own path.
          walk(node.body, [...branches, `${nextAltId++}:0`]);
          items.push({ start, end: position, branches, set: consumed(node.body), isNullable: true, ways: 2 });
        } else if (node.min === node.max && width !== null) {
          items.push({ start, end: start, branches, set: consumed(node.body), isNullable: node.min === 0 || width === 0 });
        } else {
          const ways = width === null ? PATTERN_INPUT_MAX_LENGTH : Math.min(PATTERN_INPUT_MAX_LENGTH, node.max - node.min + 1);
          items.push({ start, end: start, branches, set: consumed(node.body), isNullable: nullable(node), ways });
        }
        position++;
        return;
      }
    }
  };
  walk(root, []);

  const isPrefix = (prefix: string[], of: string[]) => prefix.every((entry, index) => of[index] === entry);
  const compatible = (a: string[], b: string[]) =>
    a.every((entry) => {
      const [altId] = entry.split(':');
      const other = b.find((candidate) => candidate.split(':')[0] === altId);
      return other === undefined || other === entry;
    });
  const loops = items.filter((item) => item.ways !== undefined).sort((a, b) => a.start - b.start);
  // A mandatory item between two loops that the first cannot consume pins where the first one ends.
  const separated = (from: Item, to: Item) =>
    items.some(
      (item) =>
        item !== from && item !== to && !item.isNullable && item.start > from.end && item.end < to.start &&
        isPrefix(item.branches, from.branches) && isPrefix(item.branches, to.branches) && !intersects(item.set, from.set),
    );
  const chainWork = new Map<Item, number>();
  let worst = 1;
  for (const loop of loops) {
    let before = 1;
    for (const earlier of loops) {
      if (earlier.start >= loop.start) break;
      if (compatible(earlier.branches, loop.branches) && intersects(earlier.set, loop.set) && !separated(earlier, loop)) before = Math.max(before, chainWork.get(earlier)!);
    }
    const work = before * loop.ways!;
    chainWork.set(loop, work);
    worst = Math.max(worst, work);
  }
  return worst * alternativesFactor;
}

const verdicts = new Map<string, PatternSafety>();

/** Whether a pattern may be run against visitors' input. Cached: the submission path asks for every answer. */
export function checkPatternSafety(pattern: string): PatternSafety {
  const cached = verdicts.get(pattern);
  if (cached) return cached;
  const verdict = analyse(pattern);
  if (verdicts.size >= 1000) verdicts.clear();
  verdicts.set(pattern, verdict);
  return verdict;
}

function analyse(pattern: string): PatternSafety {
  if (pattern.length > PATTERN_MAX_LENGTH) return { safe: false, risk: 'tooLong', detail: `at most ${PATTERN_MAX_LENGTH} characters` };
  try {
    new RegExp(pattern, 'u');
  } catch {
    return { safe: false, risk: 'invalid', detail: 'not a valid regular expression' };
  }
  try {
    const work = estimateWork(new Parser(pattern).parse());
    if (work > PATTERN_WORK_BUDGET) return { safe: false, risk: 'tooAmbiguous', detail: 'several quantifiers or alternatives can match the same characters' };
    return { safe: true };
  } catch (error) {
    if (error instanceof Refused) return { safe: false, risk: error.risk, detail: error.detail };
    throw error;
  }
}
