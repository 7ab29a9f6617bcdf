// A real git smart-HTTP server on 127.0.0.1 for deploy tests: bare
// repositories in a temporary directory served by `git http-backend` (the CGI
// program git ships for Apache and nginx), so fetches go through the same
// protocol, negotiation and errors as against GitHub. Private repositories
// want HTTP Basic auth whose password is their token, as GitHub takes
// `x-access-token:<token>`.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { git, isolatedGitEnv } from './git-command.ts';

export type RepoFile = string | Buffer | { symlink: string };

export interface CommitOptions {
  message: string;
  author?: { name: string; email: string };
  /** Default `main`; a branch that does not exist yet starts without a parent. */
  branch?: string;
  /** Paths to delete in this commit. */
  remove?: string[];
}

export interface RemoteRepo {
  name: string;
  /** `http://127.0.0.1:<port>/<name>.git` */
  url: string;
  /** The bare repository on disk. */
  path: string;
  /** Commits `files` (added or replaced) on top of the branch and returns the new commit's id. */
  commit(files: Record<string, RepoFile>, options: CommitOptions): Promise<string>;
  /** The branch's commit, or undefined when it does not exist. */
  head(branch?: string): Promise<string | undefined>;
}

export interface CreateRepoOptions {
  /** Requests need `Authorization: Basic` with this token as the password; others get 401. */
  private?: { token: string };
  /** Whether commits may be fetched by id (uploadpack.allowAnySHA1InWant, as GitHub allows); default true. */
  fetchById?: boolean;
}

export interface GitServerRequest {
  method: string;
  path: string;
  /** The Basic auth user name, when the request carried one. */
  user?: string;
  status: number;
}

export interface GitServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request served, in order. */
  requests: GitServerRequest[];
  /** A bare repository; `name` may hold slashes (`acme/app`, served as `/acme/app.git`). */
  createRepo(name: string, options?: CreateRepoOptions): Promise<RemoteRepo>;
  /** Holds every request this long before serving it (a slow network, for ordering tests); 0 by default. */
  delayMs: number;
  close(): Promise<void>;
}

function basicAuth(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString();
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Answers one request with `git http-backend`, streaming the body in and the answer out. */
function serveCgi(request: http.IncomingMessage, response: http.ServerResponse, env: NodeJS.ProcessEnv, onStatus: (status: number) => void): void {
  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  request.pipe(child.stdin);
  child.stdin.on('error', () => {}); // http-backend may answer (an error) before reading the whole body
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const crlf = head.indexOf('\r\n\r\n');
    const lf = head.indexOf('\n\n');
    const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
    if (end < 0) return;
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString().split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else response.setHeader(name, value);
    }
    onStatus(status);
    response.writeHead(status);
    response.write(head.subarray(end + (end === crlf ? 4 : 2)));
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.once('close', (code) => {
    if (!headersDone) {
      onStatus(500);
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`git http-backend exited (${code}) without an answer: ${stderr}`);
      return;
    }
    response.end();
  });
}

/** Starts a git smart-HTTP server on 127.0.0.1 at an ephemeral port. */
export async function startGitServer(): Promise<GitServer> {
  const root = await mkdtemp(join(os.tmpdir(), 'brisk-git-server-'));
  const projects = join(root, 'repos');
  const home = join(root, 'home');
  await Promise.all([mkdir(projects), mkdir(home)]);
  const gitEnv = isolatedGitEnv(home);
  const privateTokens = new Map<string, string>();
  const requests: GitServerRequest[] = [];

  const server = http.createServer((request, response) => {
    if (gitServer.delayMs > 0) {
      request.pause();
      setTimeout(() => {
        request.resume();
        serve(request, response);
      }, gitServer.delayMs);
      return;
    }
    serve(request, response);
  });
  const serve = (request: http.IncomingMessage, response: http.ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    const auth = basicAuth(request.headers.authorization);
    const entry: GitServerRequest = { method: request.method ?? 'GET', path, user: auth?.user, status: 0 };
    requests.push(entry);
    const repo = [...privateTokens.keys()].find((name) => path.startsWith(`/${name}.git/`));
    if (repo && auth?.password !== privateTokens.get(repo)) {
      entry.status = 401;
      response.writeHead(401, { 'www-authenticate': 'Basic realm="brisk-test-git"', 'content-type': 'text/plain' });
      response.end('Authentication required\n');
      return;
    }
    const cgiEnv: Record<string, string | undefined> = {
      ...gitEnv,
      GIT_PROJECT_ROOT: projects,
      GIT_HTTP_EXPORT_ALL: '1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      SERVER_PROTOCOL: `HTTP/${request.httpVersion}`,
      SERVER_NAME: '127.0.0.1',
      SERVER_PORT: String((server.address() as AddressInfo).port),
      REMOTE_ADDR: request.socket.remoteAddress ?? '127.0.0.1',
      REQUEST_METHOD: request.method,
      PATH_INFO: path,
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: request.headers['content-type'] ?? '',
      ...(request.headers['content-length'] ? { CONTENT_LENGTH: request.headers['content-length'] } : {}),
      ...(request.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: request.headers['content-encoding'] } : {}),
      // Protocol v2 is asked for in this header; http-backend reads it from here.
      ...(request.headers['git-protocol'] ? { HTTP_GIT_PROTOCOL: String(request.headers['git-protocol']) } : {}),
      ...(auth ? { REMOTE_USER: auth.user, AUTH_TYPE: 'Basic' } : {}),
    };
    serveCgi(request, response, cgiEnv as NodeJS.ProcessEnv, (status) => {
      entry.status = status;
    });
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function createRepo(name: string, options: CreateRepoOptions = {}): Promise<RemoteRepo> {
    if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(name) || name.split('/').some((part) => part.startsWith('.'))) {
      throw new Error(`createRepo: ${JSON.stringify(name)} is not a repository name`);
    }
    const path = join(projects, `${name}.git`);
    await mkdir(path, { recursive: true });
    const run = (args: string[], input?: string | Buffer) => git(args, { cwd: path, env: gitEnv, input });
    await run(['init', '--quiet', '--bare', '--initial-branch=main']);
    await run(['config', 'uploadpack.allowAnySHA1InWant', String(options.fetchById ?? true)]);
    if (options.private) privateTokens.set(name, options.private.token);
    let clock = Math.floor(Date.now() / 1000);

    const head = async (branch = 'main') => {
      const out = await run(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`]).catch(() => '');
      return out.trim() || undefined;
    };

    // One `git fast-import` stream per commit: files are written straight
    // into the bare repository, no work tree or push needed.
    const commit = async (files: Record<string, RepoFile>, commitOptions: CommitOptions) => {
      const branch = commitOptions.branch ?? 'main';
      const parent = await head(branch);
      const author = commitOptions.author ?? { name: 'Test Author', email: 'author@example.com' };
      clock += 1; // distinct, increasing timestamps even for commits within one second
      const chunks: Buffer[] = [];
      const text = (value: string) => chunks.push(Buffer.from(value));
      const data = (value: string | Buffer) => {
        const bytes = Buffer.from(value);
        text(`data ${bytes.length}\n`);
        chunks.push(bytes);
        text('\n');
      };
      const checkPath = (file: string) => {
        if (/[\n"]/.test(file) || file.startsWith('/')) throw new Error(`commit: unsupported path ${JSON.stringify(file)}`);
        return file;
      };
      text(`commit refs/heads/${branch}\n`);
      text(`author ${author.name} <${author.email}> ${clock} +0000\n`);
      text(`committer ${author.name} <${author.email}> ${clock} +0000\n`);
      data(commitOptions.message);
      if (parent) text(`from ${parent}\n`);
      for (const file of commitOptions.remove ?? []) text(`D ${checkPath(file)}\n`);
      for (const [file, content] of Object.entries(files)) {
        const symlink = typeof content === 'object' && !Buffer.isBuffer(content);
        text(`M ${symlink ? '120000' : '100644'} inline ${checkPath(file)}\n`);
        data(symlink ? content.symlink : content);
      }
      text('done\n');
      await run(['fast-import', '--quiet', '--done'], Buffer.concat(chunks));
      return (await head(branch))!;
    };

    return { name, url: `${base}/${name}.git`, path, commit, head };
  }

  const gitServer: GitServer = {
    url: base,
    requests,
    createRepo,
    delayMs: 0,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
  return gitServer;
}
