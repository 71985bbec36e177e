import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Discovery, findOnPath } from './required-tool';

/** A CA and a server certificate it signed, for a local HTTPS server standing in for an API server. */
export interface TestCertificates {
  /** The CA certificate, PEM: what DescribeCluster's `certificateAuthority.data` holds, base64-encoded. */
  readonly caPem: string;
  /** The server's certificate (for 127.0.0.1 and localhost), PEM. */
  readonly certPem: string;
  /** The server's private key, PEM. */
  readonly keyPem: string;
}

/** How to get openssl, as a failure or a skip line says it. */
export const OPENSSL_INSTALL_HINT = 'apt-get install openssl (or your system\'s openssl package)';

/**
 * Whether openssl is here to make {@link testCertificates} (the first `openssl` on PATH, and it runs):
 * the tests that need it go through `requireTool` (test/support/required-tool.ts).
 */
export function discoverOpenssl(env: NodeJS.ProcessEnv = process.env): Discovery<{ readonly available: true; readonly openssl: string }> {
  const openssl = findOnPath('openssl', env.PATH ?? '');
  if (openssl === undefined) return { available: false, tool: 'openssl', reason: 'no openssl on PATH', install: OPENSSL_INSTALL_HINT };
  try {
    execFileSync(openssl, ['version'], { stdio: 'pipe' });
  } catch (error) {
    return { available: false, tool: 'openssl', reason: `the openssl on PATH (${openssl}) does not run: ${(error as Error).message}`, install: OPENSSL_INSTALL_HINT };
  }
  return { available: true, openssl };
}

/**
 * A fresh CA and a server certificate for 127.0.0.1 it signed (P-256 keys: cheap handshakes), made with
 * openssl at test time (no key is committed). EKS clusters have a CA of their own in the same way; a client that trusts only that
 * CA must accept this server and refuse one whose certificate another CA signed.
 */
export function testCertificates(commonName = 'kubernetes'): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'verify-tls-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe', cwd: dir });
  try {
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', `/CN=${commonName}-ca`);
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', `/CN=${commonName}`);
    writeFileSync(file('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
    openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('ext.cnf'));
    return { caPem: readFileSync(file('ca.pem'), 'utf8'), certPem: readFileSync(file('server.pem'), 'utf8'), keyPem: readFileSync(file('server.key'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
