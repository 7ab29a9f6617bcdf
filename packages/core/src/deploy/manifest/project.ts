// The whole parse: find the manifest (and the optional deployment file) in the
// project's folder, read every package, check references across them, and
// either return the project or throw one ProjectError listing every problem.
import { type ProjectFiles, ProjectError, type ProjectSpec } from '../project-spec.ts';
import type { ParseContext } from './context.ts';
import { emptyOverlay, type Overlay, reportUnused } from './deployment-overlay.ts';
import { parseDeployment } from './deployment.ts';
import { checkName } from './entity-names.ts';
import { allowedEntries, FILE_KEYS, PROJECT_KEYS } from './keys.ts';
import { type ParsedPackage, parsePackage } from './packages.ts';
import { Problems } from './problems.ts';
import { joinInside, normalizePath } from './project-path.ts';
import { checkReferences } from './references.ts';
import { parseYamlFile, type YamlFile } from './yaml-file.ts';

export const MANIFEST_FILES = ['manifest.yaml', 'manifest.yml'];
export const DEPLOYMENT_FILES = ['deployment.yaml', 'deployment.yml'];

export interface ParseOptions {
  /** The project's name when the manifest gives none (the source's name). */
  defaultName: string;
  /** The source's variables: the only values `$NAME` and `${NAME}` take. */
  variables: Record<string, string>;
  /** The project's folder within `files` (a monorepo's subfolder); the root by default. */
  root?: string;
}

/**
 * Reads the wskdeploy project in `files` (at `options.root`) into the spec
 * of what it asks to exist. Throws a ProjectError listing every problem found,
 * each with its file and line where known; nothing is deployed from here.
 */
export async function parseProject(files: ProjectFiles, options: ParseOptions): Promise<ProjectSpec> {
  const problems = new Problems();
  let root: string;
  try {
    root = normalizePath(options.root ?? '');
  } catch (error) {
    throw new ProjectError([{ message: `the project folder: ${(error as Error).message}` }]);
  }
  const context: ParseContext = { files, root, variables: options.variables, problems };

  const manifest = await readYaml(MANIFEST_FILES, context);
  if (manifest === 'absent') {
    const where = root ? `the folder ${root}` : 'the root of the repository';
    throw new ProjectError([{ message: `no manifest.yaml or manifest.yml in ${where}.` }]);
  }
  const deployment = await readYaml(DEPLOYMENT_FILES, context);
  const overlay = deployment === 'absent' || deployment === undefined ? emptyOverlay() : parseDeployment(deployment, context);

  const parsed = manifest === undefined ? undefined : await parseManifest(manifest, overlay, context);
  // Only when both files were read whole: else every entry would look unused.
  if (parsed && deployment !== undefined) reportUnused(overlay, problems);
  const name = parsed ? projectName(parsed.name, overlay, options.defaultName, context) : options.defaultName;
  if (problems.count > 0 || !parsed) throw new ProjectError(problems.list);
  return assemble(name, parsed.packages);
}

/**
 * The manifest's project name, else the deployment file's (wskdeploy lets
 * either give it), else the source's. When both files name the project,
 * the names must agree: the deployment file is for another project otherwise.
 */
function projectName(manifestName: string | undefined, overlay: Overlay, defaultName: string, context: ParseContext): string {
  const fromDeployment = overlay.projectName;
  if (!fromDeployment) return manifestName ?? defaultName;
  if (manifestName === undefined) {
    return checkName(fromDeployment.value, 'project', fromDeployment.at, context.problems, 'project') ? fromDeployment.value : defaultName;
  }
  if (fromDeployment.value !== manifestName) {
    context.problems.add(fromDeployment.at, `the deployment file is for project ${fromDeployment.value}, but the manifest's project is ${manifestName}.`);
  }
  return manifestName;
}

/** The first of `names` present in the project folder, parsed; 'absent' when none is; undefined when it is unusable. */
async function readYaml(names: string[], context: ParseContext): Promise<YamlFile | 'absent' | undefined> {
  for (const name of names) {
    let bytes: Buffer | undefined;
    try {
      bytes = await context.files.read(joinInside(context.root, name));
    } catch (error) {
      context.problems.add({ file: name }, (error as Error).message);
      return undefined;
    }
    if (!bytes) continue;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      context.problems.add({ file: name }, 'the file is not UTF-8 text.');
      return undefined;
    }
    return parseYamlFile(name, text, context.problems);
  }
  return 'absent';
}

/** The manifest's packages, checked across, and the project name it declares, if any. */
async function parseManifest(yaml: YamlFile, overlay: Overlay, context: ParseContext): Promise<{ packages: ParsedPackage[]; name?: string }> {
  const { problems } = context;
  const before = problems.count;
  const top = allowedEntries(yaml.entries(yaml.doc.contents, 'the manifest', problems), FILE_KEYS, 'the manifest', problems);
  let name: string | undefined;
  let packages = top.get('packages');
  const project = top.get('project');
  if (project) {
    const keys = allowedEntries(yaml.entries(project.value, 'project', problems), PROJECT_KEYS, 'project', problems, 'project');
    const nameEntry = keys.get('name');
    if (nameEntry) {
      const value = yaml.value(nameEntry.value, problems);
      if (typeof value === 'string' && checkName(value, 'project', nameEntry.at, problems, 'project')) name = value;
      else if (typeof value !== 'string') problems.add(nameEntry.at, 'project.name must be text.', 'project');
    }
    if (packages && keys.has('packages')) problems.add(packages.at, 'give packages under project or at the top of the manifest, not both.');
    packages = keys.get('packages') ?? packages;
  }
  const entries = yaml.entries(packages?.value ?? null, 'packages', problems);
  if (entries.length === 0 && problems.count === before) {
    problems.add(yaml.at(yaml.doc.contents), 'the manifest declares no packages; declare at least one under packages (default for actions without a package).');
  }
  const parsed: ParsedPackage[] = [];
  for (const entry of entries) parsed.push(await parsePackage(yaml, entry, context, overlay));
  checkReferences(parsed, problems);
  return { packages: parsed, ...(name !== undefined ? { name } : {}) };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The spec, every list sorted (packages, then names) so the same project always reads the same. */
function assemble(name: string, parsed: ParsedPackage[]): ProjectSpec {
  return {
    name,
    packages: parsed.flatMap((pkg) => (pkg.spec ? [pkg.spec] : [])).sort((a, b) => byText(a.name, b.name)),
    actions: parsed.flatMap((pkg) => pkg.actions).sort((a, b) => byText(a.packageName, b.packageName) || byText(a.name, b.name)),
    triggers: parsed.flatMap((pkg) => pkg.triggers).sort((a, b) => byText(a.name, b.name)),
    rules: parsed.flatMap((pkg) => pkg.rules).sort((a, b) => byText(a.name, b.name)),
  };
}
