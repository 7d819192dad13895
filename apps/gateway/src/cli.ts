// The project's own command-line tool for accounts (docs/api.md, "Auth"): without
// BOOTSTRAP_ADMIN_PASSWORD no account exists until one is made here; and the way back in when
// the administrators themselves are locked out or have lost their password.
//   node -r @swc-node/register apps/gateway/src/cli.ts create-user <username> <role> [merchantId]
//   node -r @swc-node/register apps/gateway/src/cli.ts reset-password <username>
//   node -r @swc-node/register apps/gateway/src/cli.ts unlock <username>
//   node -r @swc-node/register apps/gateway/src/cli.ts enable <username>
// A password is read from the environment variable NEW_PASSWORD or from standard input; a new
// account belongs to the mall MALL names (default: the default mall, `main`).
// Every change is recorded in the audit log as made by `cli`.
import { z } from 'zod';
import { databaseSettings, loadConfig, openServiceDataSource, parseInput, setting } from '@fd/platform';
import { Users1764230500000 } from './migrations/1764230500000-users';
import { Sessions1796100000000 } from './migrations/1796100000000-sessions';
import { ManagerRole1796600000001 } from './migrations/1796600000001-manager-role';
import { AccountsPerMall1796800000000 } from './migrations/1796800000000-accounts-per-mall';
import { newUserSchema, Users } from './auth/users';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString().trim();
}

const USAGE = `usage: cli.ts create-user <username> <clerk|merchant|admin|manager|group_admin> [merchantId]
       cli.ts reset-password <username>
       cli.ts unlock <username>
       cli.ts enable <username>
(a password from NEW_PASSWORD or stdin; the new account's mall from MALL)
`;

async function main() {
  const [command, username, role, merchantId] = process.argv.slice(2);
  const known = ['create-user', 'reset-password', 'unlock', 'enable'];
  if (!known.includes(command) || !username || (command === 'create-user' && !role)) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  // the entry point's database and schema, as for the service
  const config = loadConfig(z.object({ ...databaseSettings, NEW_PASSWORD: setting.optionalText(), MALL: setting.optionalText() }));
  const password = ['create-user', 'reset-password'].includes(command) ? (config.NEW_PASSWORD ?? (await readStdin())) : '';
  const input = command === 'create-user' ? parseInput(newUserSchema, { username, password, role, merchantId, mallId: config.MALL }) : null;
  const schema = config.DB_SCHEMA ?? 'gateway';
  const ds = await openServiceDataSource({
    schema,
    migrations: [Users1764230500000, Sessions1796100000000, ManagerRole1796600000001, AccountsPerMall1796800000000],
    url: config.DATABASE_URL,
    tenancy: false,
  });
  const users = new Users(ds, schema);
  try {
    if (input) process.stdout.write(`created ${role} ${username} (${(await users.create(input, 'cli')).id})\n`);
    if (command === 'reset-password') {
      await users.resetPassword(username, password, 'cli');
      process.stdout.write(`new password set for ${username}; every session of the account has ended\n`);
    }
    if (command === 'unlock')
      process.stdout.write(`${username}: ${(await users.unlock(username, 'cli')).locksLifted} sign-in lock(s) lifted\n`);
    if (command === 'enable')
      process.stdout.write(`${username}: ${(await users.enable(username, 'cli')).changed ? 'enabled' : 'was not disabled'}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  process.stderr.write(`${e?.detail ?? e?.message ?? e}${e?.errors ? ' ' + JSON.stringify(e.errors) : ''}\n`);
  process.exit(1);
});
