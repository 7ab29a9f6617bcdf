// The wskdeploy manifest parser for push-to-deploy: a project folder (or
// upload) in, a validated ProjectSpec out, or a ProjectError with every
// problem located by file and line.
export { directoryFiles, FileTooLargeError, MAX_FILE_BYTES } from './directory-files.ts';
export { memoryFiles } from './memory-files.ts';
export { DEPLOYMENT_FILES, MANIFEST_FILES, type ParseOptions, parseProject } from './project.ts';
export { PathEscapeError } from './project-path.ts';
