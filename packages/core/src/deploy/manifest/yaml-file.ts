// Reading a YAML file of the project into a document whose every node knows
// its line, so each problem can point at the declaration it is about. The
// parser walks the document's nodes (not a plain object) for that reason.
import { type Document, isAlias, isMap, isNode, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { SourceLocation } from '../project-spec.ts';
import type { Problems } from './problems.ts';

/** One `key: value` of a YAML mapping (`value` may be an alias; null when there is no value node). */
export interface Entry {
  key: string;
  at: SourceLocation;
  value: Node | null;
}

export class YamlFile {
  constructor(
    /** The file as problems name it, relative to the project's root. */
    readonly file: string,
    readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Where `node` starts; the file alone for a node without a position. */
  at(node: unknown): SourceLocation {
    const start = isNode(node) ? node.range?.[0] : undefined;
    return start === undefined ? { file: this.file } : { file: this.file, line: this.lines.linePos(start).line };
  }

  /** `node`, or what it refers to when it is an alias (`*name`). */
  resolve(node: unknown): Node | null {
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return isNode(node) ? node : null;
  }

  /**
   * The entries of a mapping: none for an empty value, and a problem (and
   * none) when `node` is not a mapping. `what` names the value in that problem.
   */
  entries(node: Node | null, what: string, problems: Problems, entity?: string): Entry[] {
    const resolved = this.resolve(node);
    if (resolved === null || (isScalar(resolved) && resolved.value === null)) return [];
    if (!isMap(resolved)) {
      problems.add(this.at(node), `${what} must be a mapping of names to values.`, entity);
      return [];
    }
    const entries: Entry[] = [];
    for (const pair of resolved.items) {
      const key = this.resolve(pair.key);
      if (!isScalar(key) || key.value === null || typeof key.value === 'object') {
        problems.add(this.at(pair.key ?? resolved), `${what} has a key that is not a name.`, entity);
        continue;
      }
      // The value stays an alias, if it is one, so problems point at where it is used.
      entries.push({ key: String(key.value), at: this.at(key), value: isNode(pair.value) ? pair.value : null });
    }
    return entries;
  }

  /**
   * The plain value of `node` (aliases followed): a scalar, an array or an
   * object; undefined, with a problem, when aliases expand too far (a "billion
   * laughs" file).
   */
  value(node: Node | null, problems: Problems): unknown {
    if (node === null) return null;
    let value: unknown;
    try {
      value = node.toJS(this.doc, { maxAliasCount: 100 });
    } catch (error) {
      problems.add(this.at(node), `YAML: ${(error as Error).message}`);
      return undefined;
    }
    if (!isTree(value)) {
      problems.add(this.at(node), 'YAML: this value contains itself (through an alias), which no parameter can.');
      return undefined;
    }
    return value;
  }
}

/** False when `value` holds itself (`&a [*a]` makes such an array). */
function isTree(value: unknown, ancestors = new Set<object>()): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (ancestors.has(value)) return false;
  ancestors.add(value);
  const ok = Object.values(value).every((item) => isTree(item, ancestors));
  ancestors.delete(value);
  return ok;
}

/**
 * Parses `text` as the YAML file `file`. Syntax errors (and warnings, such as
 * an unknown tag, which would otherwise change a value silently) become
 * problems with their line; undefined when the file cannot be used at all.
 */
export function parseYamlFile(file: string, text: string, problems: Problems): YamlFile | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const seen = new Set<string>();
  for (const issue of [...doc.errors, ...doc.warnings]) {
    const line = lines.linePos(issue.pos[0]).line;
    // The parser can report one mistake twice at the same place.
    if (seen.has(`${line} ${issue.message}`)) continue;
    seen.add(`${line} ${issue.message}`);
    problems.add({ file, line }, `YAML: ${issue.message}`);
  }
  return doc.errors.length ? undefined : new YamlFile(file, doc, lines);
}
