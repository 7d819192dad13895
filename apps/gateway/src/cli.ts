// The project's own command-line tool for accounts (API.md, "Auth"): without
// BOOTSTRAP_ADMIN_PASSWORD no account exists until one is made here.
//   node -r @swc-node/register apps/gateway/src/cli.ts create-user <username> <role> [merchantId]
// The password is read from the environment variable NEW_PASSWORD or from standard input.
import { openServiceDataSource, parseInput } from '@fd/platform';
import { Users1764230500000 } from './migrations/1764230500000-users';
import { newUserSchema, Users } from './auth/users';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString().trim();
}

async function main() {
  const [command, username, role, merchantId] = process.argv.slice(2);
  if (command !== 'create-user' || !username || !role) {
    process.stderr.write(
      'usage: cli.ts create-user <username> <clerk|merchant|admin> [merchantId]   (password from NEW_PASSWORD or stdin)\n',
    );
    process.exit(2);
  }
  const password = process.env.NEW_PASSWORD ?? (await readStdin());
  const input = parseInput(newUserSchema, { username, password, role, merchantId });
  const schema = process.env.DB_SCHEMA ?? 'gateway';
  const ds = await openServiceDataSource({ schema, migrations: [Users1764230500000] });
  try {
    const { id } = await new Users(ds, schema).create(input, 'cli');
    process.stdout.write(`created ${role} ${username} (${id})\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  process.stderr.write(`${e?.detail ?? e?.message ?? e}${e?.errors ? ' ' + JSON.stringify(e.errors) : ''}\n`);
  process.exit(1);
});
