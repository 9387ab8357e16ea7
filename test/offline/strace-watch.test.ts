/**
 * What the outside-the-process watch (strace-watch.ts) counts as a violation, on lines strace
 * 6.1 printed for this project's own runs (paths shortened to /tmp/H), and a live check
 * that it catches onnxruntime-node's telemetry when the library is loaded without the guard
 * src/main/vision/ort-environment.ts sets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { announceSkip, repoRoot } from '../helpers/paths';
import { filesUnder, findStrace, findViolations, freshHome, parseCall, runWatched } from './strace-watch';

const rules = { writableDirs: ['/tmp/H/user-data', '/tmp/H/records'], cwd: '/tmp/H' };
const whyOf = (line: string): string[] => findViolations(line, 1, rules).map((v) => v.why);

describe('reading a strace line', () => {
  it('splits arguments at top-level commas only, keeping quoted text, structures and -yy decorations whole', () => {
    expect(parseCall('connect(20<UDP:[1]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0')).toEqual({
      name: 'connect',
      args: ['20<UDP:[1]>', '{sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}', '16'],
      result: '0',
    });
    expect(parseCall('openat(AT_FDCWD</tmp>, "/tmp/a, b\\"c", O_RDONLY) = -1 ENOENT (No such file or directory)')?.args[1]).toBe('"/tmp/a, b\\"c"');
    expect(parseCall('+++ exited with 0 +++')).toBeNull();
  });
});

describe('the watch: network', () => {
  it("flags onnxruntime's DNS lookup at every step: resolver files, nscd, IP sockets, the query sent", () => {
    expect(whyOf('openat(AT_FDCWD</tmp/H>, "/etc/resolv.conf", O_RDONLY|O_CLOEXEC) = 20</etc/resolv.conf>')).toEqual(['resolver file read: /etc/resolv.conf (a host name is being looked up)']);
    expect(whyOf('openat(AT_FDCWD</tmp/H>, "/etc/hosts", O_RDONLY|O_CLOEXEC) = 24</etc/hosts>')).toHaveLength(1);
    expect(whyOf('connect(20<UNIX-STREAM:[26801]>, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)'))
      .toEqual(['resolver daemon asked: {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}']);
    expect(whyOf('socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP) = 20<UDPv6:[26790]>')).toEqual(['socket of family AF_INET6 created']);
    expect(whyOf('socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 20<NETLINK:[26791]>')).toEqual(['socket of family AF_NETLINK created']);
    expect(whyOf('connect(31<UDP:[26810]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0')).toHaveLength(1);
    expect(whyOf('sendto(31<UDP:[192.0.2.2:47215->10.255.255.53:53]>, "\\n\\17\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\6mobile\\6events\\4data\\t"..., 50, MSG_NOSIGNAL, NULL, 0) = 50')).toHaveLength(1);
  });

  it("lets Node's own AF_UNIX socket pairs be, and traffic over them", () => {
    expect(whyOf('socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, [23<UNIX-STREAM:[26918->26919]>, 24<UNIX-STREAM:[26919->26918]>]) = 0')).toEqual([]);
    expect(whyOf('socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 23<UNIX-STREAM:[26918]>')).toEqual([]);
    expect(whyOf('sendmsg(23<UNIX-STREAM:[26918->26919]>, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="x", iov_len=1}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 1')).toEqual([]);
  });

  it('flags a listening socket and a connect to any other local daemon', () => {
    expect(whyOf('listen(21<TCP:[0.0.0.0:8080]>, 511) = 0')).toHaveLength(1);
    expect(whyOf('connect(20<UNIX-STREAM:[1]>, {sa_family=AF_UNIX, sun_path="/run/user/0/bus"}, 110) = 0')).toEqual(['connect to a local socket: {sa_family=AF_UNIX, sun_path="/run/user/0/bus"}']);
  });
});

describe('the watch: files', () => {
  it("flags the files onnxruntime's telemetry writes: mkdir of its cache, its database, the device id made under a directory descriptor and linked into place", () => {
    expect(whyOf('mkdir("/tmp/H/home/.cache/Microsoft", 0700) = 0')).toEqual(['mkdir outside the allowed folders: /tmp/H/home/.cache/Microsoft']);
    expect(whyOf('openat(AT_FDCWD</tmp/H>, "/tmp/H/home/.cache/Microsoft/DeveloperTools/.onnxruntime/onnxruntime.db", O_RDWR|O_CREAT|O_NOFOLLOW|O_CLOEXEC, 0644) = 20</tmp/H/home/.cache/Microsoft/DeveloperTools/.onnxruntime/onnxruntime.db>'))
      .toEqual(['file opened for writing outside the allowed folders: /tmp/H/home/.cache/Microsoft/DeveloperTools/.onnxruntime/onnxruntime.db']);
    expect(whyOf('openat(23</tmp/H/home/.cache/Microsoft/DeveloperTools/.onnxruntime>, "deviceid.tmp.c880", O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, 0600) = -1 EACCES (Permission denied)'))
      .toEqual(['file opened for writing outside the allowed folders: /tmp/H/home/.cache/Microsoft/DeveloperTools/.onnxruntime/deviceid.tmp.c880']);
    expect(whyOf('linkat(23</tmp/H/home/.cache/x>, "deviceid.tmp.c880", 23</tmp/H/home/.cache/x>, "deviceid", 0) = 0')).toEqual([
      'linkat outside the allowed folders: /tmp/H/home/.cache/x/deviceid.tmp.c880',
      'linkat outside the allowed folders: /tmp/H/home/.cache/x/deviceid',
    ]);
    expect(whyOf('unlink("/tmp/H/tmp/.ses") = 0')).toHaveLength(1);
  });

  it('allows writes, renames and deletions inside the allowed folders, reads anywhere, and /dev/null', () => {
    expect(whyOf('openat(AT_FDCWD</tmp/H>, "/tmp/H/user-data/settings.json.tmp-1-a", O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC, 0666) = 18</tmp/H/user-data/settings.json.tmp-1-a>')).toEqual([]);
    expect(whyOf('rename("/tmp/H/user-data/settings.json.tmp-1-a", "/tmp/H/user-data/settings.json") = 0')).toEqual([]);
    expect(whyOf('openat(AT_FDCWD</tmp/H>, "/work/models/fr_feature.onnx", O_RDONLY|O_CLOEXEC) = 18</work/models/fr_feature.onnx>')).toEqual([]);
    expect(whyOf('openat(AT_FDCWD</tmp>, "/dev/null", O_RDWR|O_CLOEXEC) = 18</dev/null<char 1:3>>')).toEqual([]);
  });

  it('judges where a file really went: a relative path by its directory, a symlink by what it opened, a rename by both ends', () => {
    expect(whyOf('openat(AT_FDCWD</tmp/H/records>, "../escape.json", O_WRONLY|O_CREAT, 0666) = -1 EACCES (Permission denied)')).toEqual(['file opened for writing outside the allowed folders: /tmp/H/escape.json']);
    expect(whyOf('openat(AT_FDCWD</tmp/H>, "/tmp/H/records/link", O_WRONLY|O_TRUNC, 0666) = 18</etc/passwd>')).toEqual(['file opened for writing outside the allowed folders: /etc/passwd']);
    expect(whyOf('rename("/tmp/H/records/r.json", "/tmp/H/elsewhere.json") = 0')).toEqual(['rename outside the allowed folders: /tmp/H/elsewhere.json']);
    expect(whyOf('mkdir("records-sibling", 0777) = 0')).toEqual(['mkdir outside the allowed folders: /tmp/H/records-sibling']);
    // A prefix of an allowed folder's name is not inside it.
    expect(whyOf('mkdir("/tmp/H/records2", 0777) = 0')).toHaveLength(1);
  });
});

const strace = findStrace();
const itWithStrace = strace ? it : (((name: string, fn: () => Promise<void>) => {
  announceSkip(`"${name}"`, 'strace is not installed (Debian package strace)');
  return it.skip(name, fn);
}) as unknown as jest.It);

describe('the watch on a live process', () => {
  // onnxruntime-node loaded directly, without src/main/vision/ort-environment.ts, creating one
  // session and exiting at once: its telemetry writes its files at start-up, and its first
  // DNS query came about 9 s later, so this run writes files but never reaches the network.
  // It is killed if it is still up after 6 s, well before that.
  itWithStrace("catches onnxruntime-node's telemetry files when the library is loaded without the guard", async () => {
    const work = mkdtempSync(join(tmpdir(), 'ekyc-offline-watch-'));
    const home = freshHome();
    try {
      const script = `const ort = require(${JSON.stringify(join(repoRoot, 'node_modules', 'onnxruntime-node'))});
        ort.InferenceSession.create(${JSON.stringify(join(repoRoot, 'models', 'fr_landmark.onnx'))}).then(() => process.exit(0), (e) => { console.error(e); process.exit(3); });`;
      const run = await runWatched(strace!, ['-e', script], { env: home.env, cwd: home.root, writableDirs: [], logDir: work, name: 'trace-unguarded', timeoutMs: 6000 });
      expect(run).toMatchObject({ code: 0, timedOut: false });
      const why = run.violations.map((v) => v.why).join('\n');
      expect(why).toContain(`mkdir outside the allowed folders: ${join(home.env.HOME!, '.cache', 'Microsoft', 'DeveloperTools', '.onnxruntime')}`);
      expect(why).toContain(`file opened for writing outside the allowed folders: ${join(home.env.HOME!, '.cache', 'Microsoft', 'DeveloperTools', '.onnxruntime', 'onnxruntime.db')}`);
      expect(why).toContain(`file opened for writing outside the allowed folders: ${join(home.env.TMPDIR!, '.ses')}`);
      expect(filesUnder(home.root)).toEqual(expect.arrayContaining([join('home', '.cache', 'Microsoft', 'DeveloperTools', '.onnxruntime', 'deviceid')]));
    } finally {
      home.remove();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
