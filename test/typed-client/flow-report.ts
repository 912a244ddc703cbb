/** What the typed flow saw at each step; the spec asserts on it. */
export interface FlowReport {
  register: { status: number; username?: string };
  login: { status: number; tokenType?: string };
  me: { status: number; username?: string };
  listUsers: { status: number; items?: number; nextCursor?: string | null };
  refresh: { status: number; rotated: boolean };
  logout: { status: number };
  /** `GET /api/users/me` with the logged-out token: a problem document read through the types. */
  meAfterLogout: { status: number; code?: string; title?: string };
}

export interface FlowOptions {
  baseUrl: string;
  admin: { username: string; password: string };
  account: { username: string; password: string };
}
