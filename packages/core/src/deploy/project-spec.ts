// What a project (a manifest and its files) asks to exist in a namespace,
// once parsed and validated: the deploy engine's input. Names are relative to
// the namespace being deployed to; nothing here has touched the database.
import type { KeyValue } from '../entity-schemas.ts';

/** Where in the project a declaration came from, for error messages. */
export interface SourceLocation {
  /** The file, relative to the project's root folder: "manifest.yaml". */
  file: string;
  /** 1-based line of the declaration, where the parser knows it. */
  line?: number;
}

export interface PackageSpec {
  /** "" never appears: the manifest's `default` package holds actions without a package. */
  name: string;
  publish: boolean;
  parameters: KeyValue[];
  annotations: KeyValue[];
  at: SourceLocation;
}

export interface ActionSpec {
  /** "" for the default package (the manifest's package named `default`). */
  packageName: string;
  name: string;
  exec:
    | { kind: string; code: string; binary: boolean; main?: string }
    /** Components as written, relative ("pkg/name" or "name") or absolute ("/ns/pkg/name"). */
    | { kind: 'sequence'; components: string[] };
  parameters: KeyValue[];
  /** The user's annotations plus web-export, raw-http and final where `web` asks for them. */
  annotations: KeyValue[];
  /** Only the limits the manifest sets; the engine fills in the platform's defaults. */
  limits: { timeoutMs?: number; memoryMb?: number; logsMb?: number; concurrency?: number };
  at: SourceLocation;
}

export interface TriggerSpec {
  name: string;
  parameters: KeyValue[];
  annotations: KeyValue[];
  /** The feed action's name as written (`/whisk.system/alarms/alarm`), if any. */
  feed?: string;
  at: SourceLocation;
}

export interface RuleSpec {
  name: string;
  /** The trigger's name in this namespace. */
  trigger: string;
  /** The action as written: "pkg/name", "name" or "/ns/pkg/name". */
  action: string;
  at: SourceLocation;
}

export interface ProjectSpec {
  /** `project.name` from the manifest, else the name the caller chose (the source's). */
  name: string;
  packages: PackageSpec[];
  actions: ActionSpec[];
  triggers: TriggerSpec[];
  rules: RuleSpec[];
}

/** One thing wrong with a project, located as precisely as the parser can. */
export interface ProjectProblem extends Partial<SourceLocation> {
  /** The entity concerned, e.g. "action hello/world", when there is one. */
  entity?: string;
  message: string;
}

/** A project that cannot be deployed; `problems` lists every reason found. */
export class ProjectError extends Error {
  constructor(readonly problems: ProjectProblem[]) {
    super(problems.map(describeProblem).join('\n'));
    this.name = 'ProjectError';
  }
}

export function describeProblem(problem: ProjectProblem): string {
  const where = problem.file ? `${problem.file}${problem.line ? `:${problem.line}` : ''}: ` : '';
  const what = problem.entity ? `${problem.entity}: ` : '';
  return `${where}${what}${problem.message}`;
}

/** The files of a project folder, read-only; paths are relative and use "/". */
export interface ProjectFiles {
  /** The file's bytes, or undefined when there is no regular file there. */
  read(path: string): Promise<Buffer | undefined>;
  /** Regular files under `dir` ("" for the root), recursively, relative to the root. */
  list(dir: string): Promise<string[]>;
  /** Whether `path` is a directory. */
  isDirectory(path: string): Promise<boolean>;
}
