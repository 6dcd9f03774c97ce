import type net from 'node:net';

/** How the socket handed its bytes to the kernel: one entry per `_write` (1 chunk) or `_writev` (n chunks) call. */
export function spyOnSends(socket: net.Socket): number[] {
  const sends: number[] = [];
  const write = socket._write.bind(socket);
  const writev = socket._writev?.bind(socket);
  socket._write = (chunk, encoding, callback) => {
    sends.push(1);
    write(chunk, encoding, callback);
  };
  if (writev) {
    socket._writev = (chunks, callback) => {
      sends.push(chunks.length);
      writev(chunks, callback);
    };
  }
  return sends;
}
