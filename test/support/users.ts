import { expectJson, strongPassword, uniqueUsername } from './api.js';
import { useTestApp } from './test-app.js';

export interface UserBody {
  id: string;
  username: string;
  email: string | null;
  name: string | null;
  roles: string[];
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export type AdminContext = ReturnType<typeof useAdminApp>;

/** `useTestApp()`, and `admin`: an access token of the seeded admin, once the app runs. */
export function useAdminApp(env: Record<string, string | undefined> = {}) {
  const context = useTestApp(env);
  let admin: string | undefined;
  beforeAll(async () => {
    admin = (await context.client.loginAsAdmin()).access_token;
  });
  return {
    ...context,
    get admin(): string {
      if (admin === undefined) throw new Error('the admin logs in once the test app runs');
      return admin;
    },
  };
}

export async function createUser(
  { client, admin }: AdminContext,
  overrides: Record<string, unknown> = {},
): Promise<{ user: UserBody; password: string }> {
  const body = { username: uniqueUsername(), password: strongPassword(), ...overrides };
  const response = await client.send('post', '/api/users', admin, body);
  if (response.status !== 201) throw new Error(`creating a user failed: ${response.status}`);
  return { user: response.body as UserBody, password: body.password as string };
}

/** A user of its own, logged in. */
export async function createLoggedInUser(
  context: AdminContext,
  overrides: Record<string, unknown> = {},
) {
  const { user, password } = await createUser(context, overrides);
  const { response, tokens } = await context.client.login(user.username, password);
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return { user, password, tokens };
}

/** Every page from the first, following `nextCursor`; each page's status is checked. */
export async function walkPages(
  { client, admin }: AdminContext,
  query: Record<string, string | number>,
): Promise<UserBody[]> {
  const items: UserBody[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page += 1) {
    const response = await client
      .get('/api/users', admin)
      .query(cursor === undefined ? query : { ...query, cursor });
    expectJson(response, 200);
    items.push(...response.body.items);
    if (response.body.nextCursor === null) return items;
    cursor = response.body.nextCursor;
  }
  throw new Error('the cursor never ran out');
}

export function byUsernameIgnoringCase(a: string, b: string): number {
  const [left, right] = [a.toLowerCase(), b.toLowerCase()];
  return left < right ? -1 : left > right ? 1 : 0;
}
