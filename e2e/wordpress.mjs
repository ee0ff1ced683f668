// A real WordPress for the end-to-end tests: Debian's WordPress, a private
// MariaDB and PHP's built-in server on a free loopback port, installed and
// seeded by scripts/wordpress.sh (see there for what the seed holds; its ids
// are in `seed`). Every instance is stopped by its PIDs: by `stop()`, or when
// the test process exits, or by the next start if the process was killed.
import { execFile, execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const run = promisify(execFile);
const script = path.join(root, 'scripts/wordpress.sh');

/**
 * Starts a new WordPress. Options:
 * - `plugin`: the article-widget plugin (wordpress/article-widget/, with the
 *   built widget from dist/) installed by copying the folder, and activated;
 * - `anonymousComments`: only a must-use plugin adding the
 *   `rest_allow_anonymous_comments` filter (a site without our plugin);
 * - `flood: false`: WordPress's 15 s comment flood check off (every test
 *   comment comes from 127.0.0.1).
 * Resolves to { url, run, seed, rest(path), query(sql), php(code), debugLog(), stop() }.
 */
export async function startWordPress({ plugin = false, anonymousComments = false, flood = true } = {}) {
  const args = ['start', '--json', '--owner', String(process.pid)];
  if (plugin) args.push('--plugin');
  if (anonymousComments) args.push('--anonymous-filter');
  if (!flood) args.push('--no-flood');
  let out;
  try {
    out = await run(script, args, { cwd: root, maxBuffer: 1 << 20 });
  } catch (error) {
    throw new Error(`scripts/wordpress.sh start failed:\n${error.stderr || error.message}`);
  }
  const info = JSON.parse(out.stdout.trim().split('\n').pop());
  let stopped = false;
  const stopNow = () => {
    if (!stopped) {
      stopped = true;
      execFileSync(script, ['stop', info.run], { stdio: 'ignore' });
    }
  };
  process.once('exit', stopNow);
  const env = { ...process.env, AW_WP_RUN: info.run, AW_WP_URL: info.url };
  const seed = JSON.parse(await readFile(path.join(info.run, 'seed.json'), 'utf8'));

  return {
    url: info.url,
    run: info.run,
    seed,
    /** The URL of a REST route: rest('wp/v2/posts/4?_embed'). */
    rest: (route) => `${info.url}/wp-json/${route}`,
    /**
     * Runs SQL on the instance's database; resolves to rows as objects keyed
     * by column name (values as the mariadb client prints them, NULL as "NULL").
     */
    async query(sql) {
      const { stdout } = await run('mariadb', [
        '--no-defaults', `--socket=${info.socket}`, '-u', info.dbUser, '--batch', '--raw', 'wordpress', '-e', sql,
      ], { maxBuffer: 16 << 20 });
      const [head, ...lines] = stdout.split('\n').filter((line) => line !== '');
      if (!head) return [];
      const columns = head.split('\t');
      return lines.map((line) => Object.fromEntries(line.split('\t').map((value, i) => [columns[i], value])));
    },
    /** Runs PHP code (a function body) inside the site's WordPress; resolves to what it returns. */
    async php(code) {
      const child = execFile('php', [path.join(root, 'scripts/wordpress/eval.php')], { env, maxBuffer: 16 << 20 });
      const done = new Promise((resolve, reject) => {
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => { stdout += chunk; });
        child.stderr.on('data', (chunk) => { stderr += chunk; });
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`php exited ${code}: ${stderr}${stdout}`))));
      });
      child.stdin.end(code);
      const stdout = await done;
      return JSON.parse(stdout.trim().split('\n').pop());
    },
    /** PHP's errors and notices logged by WordPress so far (WP_DEBUG_LOG). */
    debugLog: () => readFile(path.join(info.run, 'debug.log'), 'utf8').catch(() => ''),
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', stopNow);
      await run(script, ['stop', info.run]);
    },
  };
}
