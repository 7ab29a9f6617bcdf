// Helpers for this folder's tests (no test runner imported here, so it is
// plain code): parse a project held in memory, and catch its problems.
import { ProjectError, type ProjectProblem, type ProjectSpec } from '../project-spec.ts';
import { memoryFiles } from './memory-files.ts';
import { parseProject } from './project.ts';

export type Files = Record<string, string | Buffer>;

/** The spec of the in-memory project `files`, named "app" unless the manifest names it. */
export function parseFiles(files: Files, variables: Record<string, string> = {}, root?: string): Promise<ProjectSpec> {
  return parseProject(memoryFiles(files), { defaultName: 'app', variables, ...(root !== undefined ? { root } : {}) });
}

/** The problems parsing `files` reports; throws if it parses cleanly. */
export async function problemsOf(files: Files, variables: Record<string, string> = {}): Promise<ProjectProblem[]> {
  try {
    await parseFiles(files, variables);
  } catch (error) {
    if (error instanceof ProjectError) return error.problems;
    throw error;
  }
  throw new Error('the project parsed without problems');
}

/** A manifest from lines, so tests can state line numbers plainly. */
export const lines = (...text: string[]) => `${text.join('\n')}\n`;
