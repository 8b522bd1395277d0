import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { AddressInfo, Socket, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const SSL_REQUEST = 80877103;
const PROTOCOL_3 = 196608;

/** What a client sent before the fake server refused it. */
export interface PostgresLogin {
  /** The client asked for TLS and completed the handshake with the server's certificate. */
  tls: boolean;
  /** The startup message's parameters (user, database, …). */
  parameters: Record<string, string>;
  /** The password the client sent when asked for a cleartext one, as RDS asks with IAM auth. */
  password?: string;
}

export interface FakePostgres {
  port: number;
  /** PEM certificate of the server (for 127.0.0.1), to trust as the CA. */
  caFile: string;
  logins: PostgresLogin[];
  close(): Promise<void>;
}

/** Reads length-prefixed messages off a socket as they arrive. */
function messages(
  socket: Socket,
  onMessage: (body: Buffer) => void,
  typed: () => boolean,
) {
  let buffered = Buffer.alloc(0);
  socket.on('data', chunk => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const offset = typed() ? 1 : 0;
      if (buffered.length < offset + 4) return;
      const length = buffered.readInt32BE(offset);
      if (buffered.length < offset + length) return;
      const message = buffered.subarray(0, offset + length);
      buffered = buffered.subarray(offset + length);
      onMessage(message);
    }
  });
}

function errorResponse(code: string, text: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${text}\0\0`);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

/**
 * A PostgreSQL server that speaks only the opening of the wire protocol, as an Aurora cluster
 * with IAM authentication does: TLS (a self-signed certificate made with openssl), then a
 * request for a cleartext password, which it records before refusing the login. Enough to see
 * what a client sends as its password, without a database.
 */
export async function startFakePostgres(): Promise<FakePostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-pg-'));
  const keyFile = path.join(dir, 'key.pem');
  const caFile = path.join(dir, 'cert.pem');
  await execFileAsync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-keyout',
    keyFile,
    '-out',
    caFile,
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  const key = fs.readFileSync(keyFile);
  const cert = fs.readFileSync(caFile);
  const logins: PostgresLogin[] = [];

  function login(socket: Socket, tls: boolean) {
    const entry: PostgresLogin = { tls, parameters: {} };
    let started = false;
    messages(
      socket,
      message => {
        if (!started) {
          started = true;
          const code = message.readInt32BE(4);
          if (code === SSL_REQUEST) {
            // Answer 'S' and continue the same conversation inside TLS.
            socket.removeAllListeners('data');
            socket.write('S');
            const secure = new TLSSocket(socket, { isServer: true, key, cert });
            secure.on('error', () => secure.destroy());
            login(secure, true);
            return;
          }
          if (code !== PROTOCOL_3) {
            socket.destroy();
            return;
          }
          const pairs = message.subarray(8).toString('utf8').split('\0');
          for (let i = 0; i + 1 < pairs.length && pairs[i]; i += 2) {
            entry.parameters[pairs[i]] = pairs[i + 1];
          }
          logins.push(entry);
          const cleartext = Buffer.alloc(9);
          cleartext.write('R', 0);
          cleartext.writeInt32BE(8, 1);
          cleartext.writeInt32BE(3, 5);
          socket.write(cleartext);
          return;
        }
        if (String.fromCharCode(message[0]) === 'p') {
          entry.password = message
            .subarray(5, message.length - 1)
            .toString('utf8');
          socket.end(
            errorResponse(
              '28P01',
              'the fake server records the password and refuses every login',
            ),
          );
        }
      },
      () => started,
    );
  }

  const server = createServer(socket => {
    socket.on('error', () => socket.destroy());
    login(socket, false);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    caFile,
    logins,
    close: () =>
      new Promise<void>(resolve =>
        server.close(() => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        }),
      ),
  };
}
