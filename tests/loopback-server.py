#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""loopback-server.py DIR [--rate BYTES_PER_SECOND]: serve DIR over HTTP on 127.0.0.1 only.

Python's http.server (as tests/test-fetch.sh uses it), on a port the system picks, announced
on the first line of standard output as "port N".  Paths under /slow/ serve the same files
at --rate bytes per second (default 1 MB/s), so that a download's progress can be watched,
and cancelled half-way, on a loopback connection.  Every request is logged to standard error
as http.server does ("GET /path …").
"""

import argparse
import functools
import http.server
import sys
import time

CHUNK = 16 * 1024


class Handler(http.server.SimpleHTTPRequestHandler):
    rate = 1 << 20

    def translate_path(self, path):
        if path.startswith('/slow/'):
            path = path[len('/slow'):]
        return super().translate_path(path)

    def copyfile(self, source, outputfile):
        if not self.path.startswith('/slow/'):
            return super().copyfile(source, outputfile)
        start = time.monotonic()
        sent = 0
        while True:
            chunk = source.read(CHUNK)
            if not chunk:
                return
            try:
                outputfile.write(chunk)
                outputfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return  # the client cancelled: not an error of the server
            sent += len(chunk)
            ahead = sent / self.rate - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('directory')
    parser.add_argument('--rate', type=int, default=1 << 20)
    args = parser.parse_args()

    Handler.rate = max(args.rate, 1)
    handler = functools.partial(Handler, directory=args.directory)
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    server.daemon_threads = True
    print(f'port {server.server_address[1]}', flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == '__main__':
    sys.exit(main())
