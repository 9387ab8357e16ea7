/**
 * Watches a process from outside with strace (Debian package `strace`), so native code is
 * seen too: onnxruntime's C++ telemetry, libvips in sharp, the Tesseract wasm worker threads.
 * What the station promises is checked on the system calls themselves:
 *
 * - no network: no socket other than AF_UNIX, no connect/bind/listen (but an AF_UNIX connect
 *   to a daemon the run is allowed to reach by path: pcscd for a chip read), no send to an address,
 *   and no look at the resolver's files or daemons (a DNS query begins there, before any
 *   packet, so a name lookup is caught even where the machine has no network at all);
 * - no file written outside the allowed folders: every open for writing (O_WRONLY, O_RDWR,
 *   O_CREAT, O_TRUNC, O_APPEND), mkdir, rename, link, symlink, unlink and truncate names a
 *   path inside one of them. Reads are not limited: the process reads its own code, models and
 *   the system's libraries.
 *
 * strace runs with -ff (one log per thread, so no call is split into "unfinished" and
 * "resumed" halves), -yy (a descriptor is printed with the path or socket it stands for, and a
 * successful open with the file it opened) and no signal lines.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { announceSkip } from '../helpers/paths';

/**
 * The calls watched. `?` marks calls an architecture may lack (aarch64 has no open, mkdir,
 * rename...), which strace then ignores instead of refusing to start.
 */
export const TRACED_CALLS = [
  '%network', 'openat', '?openat2', '?open', '?creat', '?mkdir', 'mkdirat', '?rename', 'renameat', '?renameat2',
  '?unlink', 'unlinkat', '?link', 'linkat', '?symlink', 'symlinkat', '?truncate',
];

/** The files glibc's resolver reads before it sends a DNS query (getaddrinfo, res_query). */
const RESOLVER_FILES = ['/etc/resolv.conf', '/etc/hosts', '/etc/nsswitch.conf', '/etc/host.conf', '/etc/gai.conf'];
/** Resolver daemons glibc asks over AF_UNIX sockets: nscd, and systemd-resolved (varlink, D-Bus). */
const RESOLVER_SOCKET = /nscd|systemd\/resolve|dbus/;
/** Opened read-write by Node and libraries for stdio stand-ins; nothing is kept there. */
const HARMLESS_DEVICES = ['/dev/null'];
const WRITE_FLAGS = /\bO_(WRONLY|RDWR|CREAT|TRUNC|APPEND)\b/;

export interface Violation {
  /** The thread id strace logged the call for. */
  tid: number;
  why: string;
  line: string;
}

export interface WatchRules {
  /** Folders the process may create, write, rename and delete files in (any depth). */
  writableDirs: string[];
  /** The working directory the process was started in, to resolve relative paths of non-*at calls. */
  cwd: string;
  /** AF_UNIX socket paths the process may connect to (a local daemon such as pcscd); none by default. */
  localSockets?: string[];
}

interface Call {
  name: string;
  args: string[];
  result: string;
}

/** Splits `name(arg, arg, ...) = result` at top-level commas (quotes, {}, [] and <> kept whole). */
export function parseCall(line: string): Call | null {
  const open = line.indexOf('(');
  if (open <= 0 || !/^\w+$/.test(line.slice(0, open))) return null;
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = open + 1;
  for (let i = start; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '{' || c === '[' || c === '<' || c === '(') depth++;
    else if ((c === '}' || c === ']' || c === '>' || c === ')') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      args.push(line.slice(start, i).trim());
      start = i + 1;
    } else if (c === ')' && depth === 0) {
      args.push(line.slice(start, i).trim());
      const rest = line.slice(i + 1).trim();
      const result = rest.startsWith('=') ? rest.slice(1).trim() : '?';
      return { name: line.slice(0, open), args: args.filter((a, k) => a !== '' || k > 0), result };
    }
  }
  return null;
}

/** A quoted strace string as text (the escapes strace uses for paths). */
function unquote(arg: string): string | null {
  const m = /^"((?:[^"\\]|\\.)*)"/.exec(arg);
  if (!m) return null;
  return m[1].replace(/\\(x[0-9a-f]{2}|[0-7]{1,3}|.)/gi, (_, e: string) => {
    if (e[0] === 'x' || e[0] === 'X') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r', v: '\v', f: '\f' } as Record<string, string>)[e] ?? e;
  });
}

/** The path a directory descriptor stands for, from -y's `AT_FDCWD</cwd>` or `22</dir>`. */
function dirOf(fdArg: string, cwd: string): string {
  const m = /<(\/[^>]*)>$/.exec(fdArg);
  if (m) return m[1];
  return cwd;
}

/** The path a call names: `*at` calls relative to their directory descriptor. */
function pathArg(call: Call, pathIndex: number, dirIndex: number | null, cwd: string): string | null {
  const text = unquote(call.args[pathIndex] ?? '');
  if (text === null) return null;
  if (isAbsolute(text)) return resolve(text);
  return resolve(dirIndex === null ? cwd : dirOf(call.args[dirIndex], cwd), text);
}

/**
 * The file a successful open returned: -yy prints `= 18</path>` (symlinks resolved), and a
 * device with its numbers, `= 18</dev/null<char 1:3>>`.
 */
function openedFile(result: string): string | null {
  const m = /^\d+<(\/.*?)(?:<(?:char|block) \d+:\d+>)?>$/.exec(result);
  return m ? m[1] : null;
}

const inside = (path: string, dirs: string[]): boolean => dirs.some((d) => path === d || path.startsWith(d + sep));

/** Every call in one thread's log that breaks the rules. */
export function findViolations(log: string, tid: number, rules: WatchRules): Violation[] {
  return readTrace(log, tid, rules).violations;
}

export interface TraceReading {
  violations: Violation[];
  /** Every file the thread opened successfully (any mode): shows the watch saw the work. */
  opened: string[];
  /** The allowed local sockets the thread connected to. */
  localConnects: string[];
}

export function readTrace(log: string, tid: number, rules: WatchRules): TraceReading {
  const writable = rules.writableDirs.map((d) => resolve(d));
  const out: Violation[] = [];
  const opened: string[] = [];
  const localConnects: string[] = [];
  const flag = (why: string, line: string) => out.push({ tid, why, line });
  for (const line of log.split('\n')) {
    const call = parseCall(line);
    if (!call) continue;
    const { name, args, result } = call;
    const written = (path: string | null, what: string) => {
      if (path === null) flag(`${what} of a path strace could not show`, line);
      else if (!inside(path, writable) && !HARMLESS_DEVICES.includes(path)) flag(`${what} outside the allowed folders: ${path}`, line);
    };

    if (name === 'open' || name === 'openat' || name === 'openat2' || name === 'creat') {
      const atCall = name !== 'open' && name !== 'creat';
      const named = pathArg(call, atCall ? 1 : 0, atCall ? 0 : null, rules.cwd);
      const path = openedFile(result) ?? named;
      if (openedFile(result) !== null) opened.push(openedFile(result)!);
      if (path !== null && RESOLVER_FILES.includes(path)) flag(`resolver file read: ${path} (a host name is being looked up)`, line);
      const flags = name === 'creat' ? 'O_CREAT' : (args[atCall ? 2 : 1] ?? '');
      if (WRITE_FLAGS.test(flags)) written(path, 'file opened for writing');
    } else if (name === 'mkdir' || name === 'unlink' || name === 'truncate') {
      written(pathArg(call, 0, null, rules.cwd), name);
    } else if (name === 'mkdirat' || name === 'unlinkat') {
      written(pathArg(call, 1, 0, rules.cwd), name);
    } else if (name === 'rename' || name === 'link' || name === 'symlink') {
      // symlink(target, linkpath): only the link is created; its target is just text.
      if (name !== 'symlink') written(pathArg(call, 0, null, rules.cwd), name);
      written(pathArg(call, 1, null, rules.cwd), name);
    } else if (name === 'renameat' || name === 'renameat2' || name === 'linkat') {
      written(pathArg(call, 1, 0, rules.cwd), name);
      written(pathArg(call, 3, 2, rules.cwd), name);
    } else if (name === 'symlinkat') {
      written(pathArg(call, 2, 1, rules.cwd), name);
    } else if (name === 'socket') {
      // Node makes AF_UNIX socket pairs for its own plumbing (child stdio, worker wake-ups);
      // any other family (AF_INET, AF_INET6, AF_NETLINK, AF_PACKET...) is the network or the
      // interface list a resolver reads before a lookup.
      if (!/^AF_UNIX\b/.test(args[0] ?? '')) flag(`socket of family ${args[0]} created`, line);
    } else if (name === 'connect' || name === 'bind') {
      const address = args[1] ?? '';
      const unixPath = /sun_path="([^"]*)"/.exec(address)?.[1];
      if (name === 'connect' && unixPath !== undefined && (rules.localSockets ?? []).includes(unixPath)) {
        localConnects.push(unixPath);
      } else if (/sa_family=AF_UNIX/.test(address)) {
        // An AF_UNIX connect reaches a daemon by path; the station talks to none but those allowed.
        flag(RESOLVER_SOCKET.test(address) ? `resolver daemon asked: ${address}` : `${name} to a local socket: ${address}`, line);
      } else {
        flag(`${name} to ${address}`, line);
      }
    } else if (name === 'listen' || name === 'accept' || name === 'accept4') {
      flag(`${name} on ${args[0]}: the process would serve a port`, line);
    } else if (name === 'sendto' || name === 'sendmsg' || name === 'sendmmsg' || name === 'recvfrom' || name === 'recvmsg') {
      // Sends over the AF_UNIX pairs above are Node's own; on any other socket, or to an
      // address, they are traffic. (-yy prints the socket as `20<UDP:[...]>`.)
      const onUnixSocket = /^\d+<UNIX(-STREAM|-DGRAM)?:/.test(args[0] ?? '');
      const toAddress = args.some((a) => /sa_family=AF_(?!UNIX)/.test(a));
      if (!onUnixSocket || toAddress) flag(`${name} on ${args[0]}`, line);
    }
  }
  return { violations: out, opened, localConnects };
}

/** Reads every per-thread log strace -ff wrote for PREFIX (PREFIX.TID) and checks it. */
export function readTraceLogs(dir: string, prefix: string, rules: WatchRules): TraceReading {
  const readings = readdirSync(dir)
    .filter((f) => f.startsWith(`${prefix}.`))
    .map((f) => readTrace(readFileSync(join(dir, f), 'utf8'), Number(f.slice(prefix.length + 1)), rules));
  return {
    violations: readings.flatMap((r) => r.violations),
    opened: [...new Set(readings.flatMap((r) => r.opened))],
    localConnects: [...new Set(readings.flatMap((r) => r.localConnects))],
  };
}

/** Strace is at /usr/bin/strace on Debian; the suite skips (and says so) without it. */
export function findStrace(): string | null {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    try {
      return realpathSync(join(dir, 'strace'));
    } catch {
      continue;
    }
  }
  return null;
}

/** `describe` when strace is installed; otherwise skipped, saying so, as the facedata suites do. */
export const describeWithStrace: jest.Describe = findStrace()
  ? describe
  : (((name: string, fn: () => void) => {
      announceSkip(`"${name}"`, 'strace is not installed (Debian package strace)');
      return describe.skip(name, fn);
    }) as unknown as jest.Describe);

/**
 * A fresh home for one watched run: HOME, the XDG folders and TMPDIR all point into new,
 * empty folders, so anything a library would keep "in the user's cache" shows up as a write
 * outside the allowed folders instead of landing in the developer's real home.
 */
export interface FreshHome {
  root: string;
  env: NodeJS.ProcessEnv;
  remove(): void;
}

export function freshHome(): FreshHome {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'ekyc-offline-home-')));
  const home = join(root, 'home');
  const env: NodeJS.ProcessEnv = {
    // Built from scratch, never copied from process.env: the jest worker itself carries
    // ORT_DISABLE_TELEMETRY=1 (test/jest-environment.js), which would hide a missing guard in
    // the app code. Only what node needs to start is passed.
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: join(root, 'run'),
    TMPDIR: join(root, 'tmp'),
    LANG: 'C.UTF-8',
  };
  for (const dir of [home, env.XDG_RUNTIME_DIR!, env.TMPDIR!]) mkdirSync(dir, { mode: 0o700 });
  return { root, env, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Every regular file under DIR, as paths relative to it. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

export interface WatchedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  violations: Violation[];
  opened: string[];
  /** The allowed local sockets (WatchRules.localSockets) the process connected to. */
  localConnects: string[];
  /** Killed (with strace) after timeoutMs. */
  timedOut: boolean;
  /** Number of per-thread logs: node's threads plus any worker threads. */
  threads: number;
  /** Wall time of the run under strace. */
  ms: number;
}

/** Runs `node ARGS` under strace with ENV and checks its logs against RULES. */
export async function runWatched(strace: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; writableDirs: string[]; localSockets?: string[]; logDir: string; name: string; timeoutMs: number }): Promise<WatchedRun> {
  const prefix = join(options.logDir, options.name);
  const started = Date.now();
  // In a process group of its own: on a timeout the whole group is killed, the traced node
  // with strace (a killed strace would only detach from it and leave it running).
  const child = spawn(strace, ['-f', '-ff', '-qq', '-yy', '-e', 'signal=none', '-e', `trace=${TRACED_CALLS.join(',')}`, '-o', prefix, process.execPath, ...args], {
    cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.kill(-child.pid!, 'SIGKILL');
  }, options.timeoutMs);
  const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  clearTimeout(timer);
  const { violations, opened, localConnects } = readTraceLogs(options.logDir, options.name, { writableDirs: options.writableDirs, cwd: options.cwd, localSockets: options.localSockets });
  const threads = readdirSync(options.logDir).filter((f) => f.startsWith(`${options.name}.`)).length;
  // No log at all: strace could not run the process (ptrace refused in a locked-down
  // container, say). Never read as "no violations".
  if (threads === 0) throw new Error(`strace traced nothing for "${options.name}" (exit ${code}): ${stderr.trim().slice(0, 500)}`);
  return { code, stdout, stderr, violations, opened, localConnects, threads, timedOut, ms: Date.now() - started };
}
