/** Reading tokens the service issued, as a client could: a JWT's parts are only base64url JSON. */

export type Json = Record<string, unknown>;

export interface DecodedJwt {
  header: Json;
  payload: Json;
  signature: string;
}

export function decodeJwt(token: string): DecodedJwt {
  const [header, payload, signature] = token.split('.');
  const part = (text: string) =>
    JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Json;
  return { header: part(header), payload: part(payload), signature };
}

/** The session id (`sid`) an access token names. */
export function sessionIdOf(accessToken: string): string {
  return decodeJwt(accessToken).payload.sid as string;
}
