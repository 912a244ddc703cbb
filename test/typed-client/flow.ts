// Compiled by test/typed-client/tsconfig.json against the client generated into ./generated/
// from the served OpenAPI document (test/typed-client.e2e-spec.ts): the way an API user meets it.
import { client } from './generated/client.gen.js';
import { getMe, listUsers, login, logout, refresh, register } from './generated/sdk.gen.js';
import type { ProblemDto, TokenResponseDto } from './generated/types.gen.js';
import type { FlowOptions, FlowReport } from './flow-report.js';

export async function runFlow({ baseUrl, admin, account }: FlowOptions): Promise<FlowReport> {
  // The document's server is `/`: the client learns the host here.
  client.setConfig({ baseUrl });

  const registered = await register({ body: { ...account, name: 'Typed Client' } });
  const loggedIn = await login({ body: account });
  const tokens: TokenResponseDto | undefined = loggedIn.data;
  const accessToken = tokens?.access_token ?? '';

  const me = await getMe({ auth: accessToken });

  const adminLogin = await login({ body: admin });
  const page = await listUsers({
    auth: adminLogin.data?.access_token ?? '',
    query: { limit: 1 },
  });

  const refreshed = await refresh({ body: { refresh_token: tokens?.refresh_token ?? '' } });
  const newAccessToken = refreshed.data?.access_token ?? '';

  const loggedOut = await logout({ auth: newAccessToken });

  const afterLogout = await getMe({ auth: newAccessToken });
  const problem: ProblemDto | undefined = afterLogout.error;

  return {
    register: { status: registered.response.status, username: registered.data?.user.username },
    login: { status: loggedIn.response.status, tokenType: tokens?.token_type },
    me: { status: me.response.status, username: me.data?.username },
    listUsers: {
      status: page.response.status,
      items: page.data?.items.length,
      nextCursor: page.data?.nextCursor,
    },
    refresh: {
      status: refreshed.response.status,
      rotated:
        refreshed.data !== undefined && refreshed.data.refresh_token !== tokens?.refresh_token,
    },
    logout: { status: loggedOut.response.status },
    meAfterLogout: {
      status: afterLogout.response.status,
      code: problem?.code,
      title: problem?.title,
    },
  };
}
