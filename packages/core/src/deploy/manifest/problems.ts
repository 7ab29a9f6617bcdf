// The parser reports every problem it finds rather than stopping at the
// first, so a push shows the developer the whole list at once. Each parsing
// step adds to one Problems and carries on with what it could make sense of.
import type { ProjectProblem, SourceLocation } from '../project-spec.ts';

export class Problems {
  readonly list: ProjectProblem[] = [];

  /** Records a problem at `at` (a file and line), about `entity` when there is one. */
  add(at: SourceLocation | undefined, message: string, entity?: string): void {
    this.list.push({ ...(at ?? {}), ...(entity ? { entity } : {}), message });
  }

  get count(): number {
    return this.list.length;
  }
}
