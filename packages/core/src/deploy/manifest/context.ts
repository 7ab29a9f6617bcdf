// What every step of the parse needs: where the files are, the source's
// variables and the list problems go to.
import type { ProjectFiles } from '../project-spec.ts';
import type { Problems } from './problems.ts';

export interface ParseContext {
  files: ProjectFiles;
  /** The project's folder in `files` ("" for the root); manifest paths are relative to it. */
  root: string;
  /** The only values `$NAME` can take. */
  variables: Record<string, string>;
  problems: Problems;
}
