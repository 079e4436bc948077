/**
 * CORS for Colyseus' routes (which set it on every answer). Colyseus
 * reflects the request's Origin and allows credentials; no answer of this
 * server depends on cookies or other ambient credentials, so any origin may
 * read them (`*`), and credentials are never allowed.
 */
import { matchMaker } from '@colyseus/core';

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Accept, Authorization',
  'Access-Control-Max-Age': '86400',
};

/** Replace Colyseus' CORS headers (a process-wide setting; calling it again changes nothing). */
export function installCors(): void {
  // Colyseus types the default headers as including Allow-Credentials; leaving it out is the point.
  (matchMaker.controller as { DEFAULT_CORS_HEADERS: Record<string, string> }).DEFAULT_CORS_HEADERS = {
    ...CORS_HEADERS,
  };
  matchMaker.controller.getCorsHeaders = () => ({ 'Access-Control-Allow-Origin': '*' });
}
