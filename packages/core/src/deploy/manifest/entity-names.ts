// Names in a manifest follow the same rule as the API's (names.ts), and
// references to actions are written as OpenWhisk writes them: "name",
// "pkg/name" or the absolute "/namespace/[pkg/]name".
import { assertEntityName } from '../../names.ts';
import { parseFullyQualifiedName } from '../../qualified-names.ts';
import type { SourceLocation } from '../project-spec.ts';
import type { Problems } from './problems.ts';

/** True when `name` is a legal name for `what`; else a problem with the API's own wording. */
export function checkName(name: string, what: string, at: SourceLocation, problems: Problems, entity?: string): boolean {
  try {
    assertEntityName(name, what);
    return true;
  } catch (error) {
    problems.add(at, (error as Error).message, entity);
    return false;
  }
}

/** "pkg/name", or "name" in the default package: how an action is written within its namespace. */
export function actionPath(packageName: string, name: string): string {
  return packageName ? `${packageName}/${name}` : name;
}

/** An action reference, checked: absolute ones are kept as written, relative ones come back as a path. */
export type ActionReference = { absolute: true; text: string } | { absolute: false; path: string };

/**
 * Reads an action reference made in package `packageName` ("" for the
 * default): a bare name means that package's action (wskdeploy's rule), so
 * "a" in package P is "P/a". Undefined, with a problem, for a malformed one.
 */
export function actionReference(
  text: string,
  packageName: string,
  what: string,
  at: SourceLocation,
  problems: Problems,
  entity: string,
): ActionReference | undefined {
  try {
    // The namespace given here never shows: relative names are kept relative.
    const name = parseFullyQualifiedName(text, '_');
    if (text.startsWith('/')) return { absolute: true, text };
    return { absolute: false, path: name.packageName ? actionPath(name.packageName, name.name) : actionPath(packageName, name.name) };
  } catch (error) {
    problems.add(at, `${what} ${JSON.stringify(text)}: ${(error as Error).message}`, entity);
    return undefined;
  }
}
