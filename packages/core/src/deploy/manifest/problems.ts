// The parser reports every problem it finds rather than stopping at the
// first, so a push shows the developer the whole list at once. Each parsing
// step adds to one Problems and carries on with what it could make sense of.
import type { ProjectProblem, SourceLocation } from '../project-spec.ts';

/** Past this many, problems are counted, not kept: a manifest's aliases can repeat one problem without end. */
export const MAX_KEPT_PROBLEMS = 100;

export class Problems {
  private readonly kept: ProjectProblem[] = [];
  private dropped = 0;

  /** Records a problem at `at` (a file and line), about `entity` when there is one. */
  add(at: SourceLocation | undefined, message: string, entity?: string): void {
    if (this.kept.length >= MAX_KEPT_PROBLEMS) {
      this.dropped++;
      return;
    }
    this.kept.push({ ...(at ?? {}), ...(entity ? { entity } : {}), message });
  }

  /** The problems kept, and a last line counting the others. */
  get list(): ProjectProblem[] {
    return this.dropped > 0 ? [...this.kept, { message: `and ${this.dropped} more problems` }] : this.kept;
  }

  get count(): number {
    return this.kept.length + this.dropped;
  }
}
