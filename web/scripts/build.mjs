// Maven's generate-resources step: `npm ci` only when package-lock.json changed since the last install,
// then `vite build` into OUT only when a source changed since the last build there. Quiet unless it fails.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] || join(root, 'dist');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function hashOf(paths) {
  const h = createHash('sha256');
  const walk = (p) => {
    const s = statSync(p);
    if (s.isDirectory()) readdirSync(p).sort().forEach((f) => walk(join(p, f)));
    else { h.update(p.slice(root.length)); h.update(readFileSync(p)); }
  };
  paths.map((p) => join(root, p)).filter(existsSync).forEach(walk);
  return h.digest('hex');
}

function run(args, env = {}) {
  const r = spawnSync(npm, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stdout.write(r.stdout || '');
    process.stderr.write(r.stderr || '');
    console.error(`[web] npm ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status || 1);
  }
  return r;
}

export function ensureDeps() {
  const lockHash = hashOf(['package-lock.json']);
  const stamp = join(root, 'node_modules', '.emoqwen-lock.sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lockHash) return false;
  run(['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
  writeFileSync(stamp, lockHash);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`[web] Node ${process.versions.node} is too old for Vite 7: the console needs Node 20.19+ (see README prerequisites)`);
    process.exit(1);
  }
  const t0 = Date.now();
  const installed = ensureDeps();
  const srcHash = hashOf(['src', 'index.html', 'package-lock.json', 'vite.config.ts', 'tsconfig.json']);
  const stamp = process.argv[3] || join(root, 'dist-build.sha256');
  if (!installed && existsSync(stamp) && existsSync(join(out, 'index.html')) && readFileSync(stamp, 'utf8') === srcHash) {
    console.log(`[web] console up to date in ${out}`);
  } else {
    run(['run', 'build', '--silent', '--', '--logLevel', 'warn'], { EMOQWEN_WEB_OUT: out });
    mkdirSync(out, { recursive: true });
    writeFileSync(stamp, srcHash);
    console.log(`[web] console built into ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s${installed ? ' (npm ci ran)' : ''}`);
  }
}
